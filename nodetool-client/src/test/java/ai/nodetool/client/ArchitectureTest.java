package ai.nodetool.client;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md ("Packages and layers", "Build rules"), checked on the compiled main
 * classes of this module. Each rule names what it protects; a failure lists every offending dependency.
 */
class ArchitectureTest {
    private static final String ROOT = "ai.nodetool.client";
    private static final String INTERNAL = "ai.nodetool.client.internal..";
    private static final String JSON = "ai.nodetool.client.internal.json";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    /** One slice per package (the root package included): no two packages import each other, even indirectly. */
    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("ai.nodetool.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    /**
     * The public packages do not reach into {@code internal}, with two exceptions:
     *
     * <ul>
     *   <li>{@link NodeToolClient}, the entry point: it builds the HTTP caller, the stream and session factories and
     *       the services, all internal, and hands them out behind public interfaces.
     *   <li>{@code internal.json} (the Jackson mapper and the tree helpers {@code Trees}) from {@code messages} and
     *       {@code workflows}: their value types are views over the JSON tree they were decoded from and read it
     *       through those helpers. {@code internal.json} imports nothing of the SDK, so this adds no edge upwards;
     *       it is internal so that its helpers do not become API. The next rule keeps the exception to those two.
     * </ul>
     */
    @Test
    void publicPackagesDoNotDependOnInternalOnesExceptTheEntryPoint() {
        noClasses()
                .that()
                .resideOutsideOfPackage(INTERNAL)
                .and()
                .doNotBelongToAnyOf(NodeToolClient.class)
                .should()
                .dependOnClassesThat(resideInAPackage(INTERNAL).and(not(resideInAPackage(JSON))))
                .because("only the entry point constructs the internals (docs/architecture.md)")
                .check(CLASSES);
    }

    @Test
    void onlyJsonBackedValuePackagesUseTheInternalJsonHelpersFromThePublicSide() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        INTERNAL,
                        ROOT + ".messages",
                        ROOT + ".workflows",
                        ROOT + ".assets",
                        ROOT + ".discovery",
                        ROOT + ".errors")
                .and()
                .doNotBelongToAnyOf(NodeToolClient.class)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(JSON)
                .check(CLASSES);
    }

    /** The entry point is the top: no other package, internal or public, imports {@code ai.nodetool.client}. */
    @Test
    void nothingImportsTheEntryPointPackage() {
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT)
                .because("internal and public packages sit below the entry point (docs/architecture.md)")
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
                // Foundation: value types, errors, options and the JSON helpers.
                .layer("Json")
                .definedBy(JSON)
                .layer("Events")
                .definedBy(ROOT + ".events")
                .layer("Core")
                .definedBy(ROOT + ".core")
                .layer("Messages")
                .definedBy(ROOT + ".messages")
                .layer("Errors")
                .definedBy(ROOT + ".errors")
                // Public API interfaces and request types.
                .layer("Api")
                .definedBy(
                        ROOT + ".streaming",
                        ROOT + ".workflows",
                        ROOT + ".session",
                        ROOT + ".assets",
                        ROOT + ".discovery")
                // Internal building blocks that know no transport.
                .layer("Mechanics")
                .definedBy(
                        ROOT + ".internal.flow",
                        ROOT + ".internal.codec",
                        ROOT + ".internal.decode",
                        ROOT + ".internal.outcome",
                        ROOT + ".internal.events")
                // HTTP calls and HTTP streams.
                .layer("Transport")
                .definedBy(ROOT + ".internal.http", ROOT + ".internal.stream")
                // Implementations of the public services and of the WebSocket session.
                .layer("Services")
                .definedBy(
                        ROOT + ".internal.workflows",
                        ROOT + ".internal.session",
                        ROOT + ".internal.assets",
                        ROOT + ".internal.discovery",
                        ROOT + ".internal.rpc")
                .layer("Entry")
                .definedBy(ROOT)
                .whereLayer("Json")
                .mayNotAccessAnyLayer()
                .whereLayer("Events")
                .mayOnlyAccessLayers("Messages", "Json")
                .whereLayer("Core")
                .mayOnlyAccessLayers("Events", "Messages", "Json")
                .whereLayer("Messages")
                .mayOnlyAccessLayers("Json")
                .whereLayer("Errors")
                .mayOnlyAccessLayers("Messages", "Json")
                .whereLayer("Api")
                .mayOnlyAccessLayers("Errors", "Messages", "Core", "Events", "Json")
                .whereLayer("Mechanics")
                .mayOnlyAccessLayers("Errors", "Messages", "Core", "Events", "Json")
                .whereLayer("Transport")
                .mayOnlyAccessLayers("Mechanics", "Api", "Errors", "Messages", "Core", "Events", "Json")
                .whereLayer("Services")
                .mayOnlyAccessLayers("Transport", "Mechanics", "Api", "Errors", "Messages", "Core", "Events", "Json")
                .whereLayer("Entry")
                .mayNotBeAccessedByAnyLayer()
                .check(CLASSES);
    }
}
