package ai.nodetool.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The examples show what a user of the SDK writes, so they use only its public API (docs/architecture.md, "Build
 * rules"). Checked on the compiled main classes of this module.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ai.nodetool.examples");

    @Test
    void examplesUseOnlyThePublicApi() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("ai.nodetool.client.internal..", "ai.nodetool.testserver.internal..")
                .because("an example is what a user copies, and users must not depend on internal packages")
                .check(CLASSES);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("ai.nodetool.(**)").should().beFreeOfCycles().check(CLASSES);
    }
}
