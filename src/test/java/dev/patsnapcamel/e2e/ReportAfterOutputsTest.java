package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.Workspace;

/**
 * A script that reads the CSV files the moment it sees a report finds them: the report is written after
 * the outputs that make files, and says what state each output is in.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/report-after-outputs/inbox",
            "outbox.dir=target/it/report-after-outputs/outbox",
            "state.dir=target/it/report-after-outputs/data",
            "outputs=ledger,csv",
            "patsnap.endpoints=customs,license",
            "patsnap.batch.size=5"
        })
class ReportAfterOutputsTest extends SandboxedBundleTest {

    static final Workspace workspace = new Workspace("report-after-outputs").wipe();
    static final int INPUTS = 30;

    @Override
    Workspace workspace() {
        return workspace;
    }

    @Test
    void whenAReportAppearsItsCsvFilesAreAlreadyThere() {
        for (int i = 0; i < INPUTS; i++) {
            workspace.drop("small-" + i + ".txt", "US" + (60_000_000 + i * 11) + "B2\nCN1394453A\nnot-a-patent!\n");
        }
        Path reports = workspace.outbox().resolve("reports");
        Path csv = workspace.outbox().resolve("csv");
        // what a script polling the reports folder sees, at the moment it first sees each report
        Map<String, List<String>> csvAtFirstSight = new LinkedHashMap<>();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(2))
                .until(() -> {
                    for (String report : list(reports)) {
                        if (report.endsWith(".json") && !csvAtFirstSight.containsKey(report)) {
                            csvAtFirstSight.put(
                                    report, list(csv.resolve(report.substring(0, report.length() - ".json".length()))));
                        }
                    }
                    return csvAtFirstSight.size() == INPUTS;
                });
        assertThat(csvAtFirstSight)
                .allSatisfy((report, files) ->
                        assertThat(files).as(report).containsExactlyInAnyOrder("customs.csv", "license.csv"));

        JsonNode report = Workspace.readJson(reports.resolve("small-0.txt.json"));
        assertThat(report.get("outputs").toString()).isEqualTo("{\"ledger\":\"done\",\"csv\":\"done\"}");
        // the contract's fields are all there, before the added ones
        List<String> fields = new ArrayList<>();
        report.fieldNames().forEachRemaining(fields::add);
        assertThat(fields)
                .containsSubsequence(
                        "source",
                        "status",
                        "ids_read",
                        "ids_unique",
                        "duplicates",
                        "rejected_locally",
                        "endpoints",
                        "started_at",
                        "finished_at",
                        "outputs");
        assertThat(report.at("/endpoints/license/rejected").asLong()).isEqualTo(1);
    }

    /** The names in a folder that are not hidden (temporary files start with a dot). */
    private static List<String> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
