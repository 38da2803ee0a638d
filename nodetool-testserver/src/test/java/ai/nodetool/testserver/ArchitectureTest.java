package ai.nodetool.testserver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md ("Test server", "Build rules"), checked on the compiled main classes of
 * this module. Each rule names what it protects; a failure lists every offending dependency.
 */
class ArchitectureTest {
    private static final String ROOT = "ai.nodetool.testserver";
    private static final String INTERNAL = "ai.nodetool.testserver.internal..";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    /** One slice per package (the root package included): no two packages import each other, even indirectly. */
    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("ai.nodetool.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    /**
     * The public packages ({@code ai.nodetool.testserver} and {@code junit}) do not reach into {@code internal},
     * except the classes that construct or hand a value to the internals:
     *
     * <ul>
     *   <li>{@link NodeToolTestServer}: the entry point; it builds the state, the router, the REST and WebSocket
     *       endpoints and the port server, and reads the recorder.
     *   <li>{@link Faults}: the public face of the fault plan ({@code internal.core.FaultPlan}, {@code HttpFailure})
     *       that the routes and the WebSocket jobs consult.
     *   <li>{@link Generation}: maps each generation to its {@code internal.core.Dialect} (package-private, used by
     *       the builder).
     *   <li>{@link DemoWorkflowIds}: publishes the ids that {@code internal.engine.DemoWorkflows} defines, so there is
     *       one source for them. (They are compile-time constants, which javac copies, so the bytecode may show no
     *       edge; the source imports the class, so the exception is listed.)
     *   <li>{@link LegacyVersion}: maps each legacy release to its {@code internal.core.LegacyRelease}, as
     *       {@link Generation} maps to a dialect.
     *   <li>{@link Workloads}: publishes the large binary workload's byte pattern, which
     *       {@code internal.engine.BytePattern} generates, so there is one source for it.
     * </ul>
     *
     * <p>{@code junit} has no exception: the extension uses only the public server API.
     */
    @Test
    void publicPackagesDoNotDependOnInternalOnesExceptTheEntryPoints() {
        noClasses()
                .that()
                .resideOutsideOfPackage(INTERNAL)
                .and()
                .doNotBelongToAnyOf(
                        NodeToolTestServer.class,
                        Faults.class,
                        Generation.class,
                        LegacyVersion.class,
                        DemoWorkflowIds.class,
                        Workloads.class)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(INTERNAL)
                .because("only the entry points construct the internals (docs/architecture.md)")
                .check(CLASSES);
    }

    /** The root package is the top of the internals: no internal package imports it. */
    @Test
    void internalPackagesDoNotImportTheRootPackage() {
        noClasses()
                .that()
                .resideInAPackage(INTERNAL)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT)
                .because("the internals sit below the public server API (docs/architecture.md)")
                .check(CLASSES);
    }

    /** The test server is a second, independent implementation of the protocol (the enforcer rule says the same). */
    @Test
    void testServerNeverUsesTheClient() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ai.nodetool.client..")
                .because("the test server must not share code with the client it tests (docs/architecture.md)")
                .check(CLASSES);
    }

    /**
     * The layering drawn in docs/architecture.md, bottom up. Every class of the module must sit in a layer, so a new
     * package has to be placed here (and in the document) before it builds.
     */
    @Test
    void layersOnlyImportDownwards() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture()
                .layer("Net")
                .definedBy(ROOT + ".internal.net")
                .layer("Engine")
                .definedBy(ROOT + ".internal.engine")
                .layer("Core")
                .definedBy(ROOT + ".internal.core")
                .layer("Rest")
                .definedBy(ROOT + ".internal.rest")
                .layer("Ws")
                .definedBy(ROOT + ".internal.ws")
                .layer("Server")
                .definedBy(ROOT)
                .layer("JUnit")
                .definedBy(ROOT + ".junit")
                .whereLayer("Net")
                .mayNotAccessAnyLayer()
                .whereLayer("Engine")
                .mayNotAccessAnyLayer()
                .whereLayer("Core")
                .mayOnlyAccessLayers("Net", "Engine")
                .whereLayer("Rest")
                .mayOnlyAccessLayers("Core", "Net", "Engine")
                .whereLayer("Ws")
                .mayOnlyAccessLayers("Core", "Net", "Engine")
                .whereLayer("Server")
                .mayOnlyAccessLayers("Rest", "Ws", "Core", "Net", "Engine")
                .whereLayer("JUnit")
                .mayOnlyAccessLayers("Server")
                .check(CLASSES);
    }
}
