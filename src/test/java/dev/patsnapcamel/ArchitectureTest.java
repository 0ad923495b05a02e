package dev.patsnapcamel;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The packages' imports point one way: {@code model} at the bottom, then operations, the API client, the
 * readers of inputs and the state database, the flow of batches and ledger lines, the outputs and the
 * intakes that answer their own sources, and the wiring at the top. A package cycle fails the build.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.patsnapcamel");
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.patsnapcamel.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void layersPointOneWay() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("model")
                .definedBy("dev.patsnapcamel.model..")
                .layer("ops")
                .definedBy("dev.patsnapcamel.ops..")
                .layer("api")
                .definedBy("dev.patsnapcamel.api..")
                .layer("sandbox")
                .definedBy("dev.patsnapcamel.sandbox..")
                .layer("intake")
                .definedBy("dev.patsnapcamel.intake..")
                .layer("state")
                .definedBy("dev.patsnapcamel.state..")
                .layer("flow")
                .definedBy("dev.patsnapcamel.flow..")
                .layer("outputs")
                .definedBy(
                        "dev.patsnapcamel.output..",
                        "dev.patsnapcamel.mail..",
                        "dev.patsnapcamel.queue..",
                        "dev.patsnapcamel.watchlist..")
                .layer("status")
                .definedBy("dev.patsnapcamel.status..")
                .layer("wiring")
                .definedBy("dev.patsnapcamel", "dev.patsnapcamel.config..", "dev.patsnapcamel.karaf..")
                .whereLayer("model")
                .mayNotAccessAnyLayer()
                .whereLayer("ops")
                .mayOnlyAccessLayers("model")
                .whereLayer("api")
                .mayOnlyAccessLayers("model", "ops")
                .whereLayer("sandbox")
                .mayNotAccessAnyLayer()
                .whereLayer("intake")
                .mayOnlyAccessLayers("model", "ops")
                .whereLayer("state")
                .mayOnlyAccessLayers("model", "ops")
                .whereLayer("flow")
                .mayOnlyAccessLayers("model", "ops", "api", "intake", "state")
                .whereLayer("outputs")
                .mayOnlyAccessLayers("model", "ops", "api", "intake", "state", "flow", "outputs")
                .whereLayer("status")
                .mayOnlyAccessLayers("model", "ops", "api", "state", "flow")
                .whereLayer("wiring")
                .mayNotBeAccessedByAnyLayer()
                .check(classes);
    }
}
