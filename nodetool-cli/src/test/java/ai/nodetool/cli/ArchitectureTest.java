package ai.nodetool.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The tool is a user of the SDK like any other: it uses only its public API (docs/architecture.md). */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ai.nodetool.cli");

    @Test
    void theToolUsesOnlyThePublicApi() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("ai.nodetool.client.internal..", "ai.nodetool.testserver.internal..")
                .because("the tool shows what the public API can do, and must not break when internals change")
                .check(CLASSES);
    }
}
