package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.SlowWriter;
import dev.patsnapcamel.support.Workspace;

/** Each input form through the real {@code Main}, and the inputs that must not get through. */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/intake-formats/inbox", "outbox.dir=target/it/intake-formats/outbox",
            "state.dir=target/it/intake-formats/data", "intake.file.stable-ms=300",
            "patsnap.endpoints=license"
        })
class IntakeFormatsTest extends SandboxedBundleTest {

    static final String BOM = "\uFEFF";

    static final Workspace workspace = new Workspace("intake-formats").wipe();

    @Override
    Workspace workspace() {
        return workspace;
    }

    @Test
    void csvWithBomTakesTheIdColumnsByHeaderName() {
        workspace.drop(
                "export.csv",
                BOM + "Title,PATENT_NUMBER,Patent_ID\n"
                        + "\"Widget, improved\",us-11205304-b2,\n"
                        + "\"Gadget\nsecond line\",EP1234567B1,718EAD9C-4F3C-4674-8F5A-24E126827269\n"
                        + "dup,US11205304B2,\n"
                        + "bad,not a number,\n");

        JsonNode report = workspace.awaitReport("export.csv", Duration.ofSeconds(20));

        assertThat(report.get("ids_read").asLong()).isEqualTo(4);
        assertThat(report.get("duplicates").asLong()).isEqualTo(1);
        assertThat(report.get("rejected_locally").asLong()).isEqualTo(1);
        assertThat(queries("license"))
                .containsExactlyInAnyOrder("US11205304B2", "718ead9c-4f3c-4674-8f5a-24e126827269", "not a number");
    }

    @Test
    void jsonArraysOfStringsAndObjects() {
        workspace.drop(
                "list.json",
                BOM + "[\"CN1394453A\", {\"patent_number\": \"jp-4627367-b2\"},"
                        + " {\"patent_id\": \"20863318-e1b4-4eb7-b021-4ea3fc11c078\", \"note\": \"x\"}]");

        JsonNode report = workspace.awaitReport("list.json", Duration.ofSeconds(20));

        assertThat(report.get("ids_unique").asLong()).isEqualTo(3);
        assertThat(queries("license"))
                .containsExactlyInAnyOrder("CN1394453A", "JP4627367B2", "20863318-e1b4-4eb7-b021-4ea3fc11c078");
    }

    @Test
    void textWithCommentsSeparatorsAndNoExtension() {
        workspace.drop("watch", "# header comment\n  # indented comment\nUS11205304B2;ES2576A1,\tCN1394453A\n\n");

        JsonNode report = workspace.awaitReport("watch", Duration.ofSeconds(20));

        assertThat(report.get("ids_read").asLong()).isEqualTo(3);
        assertThat(queries("license")).containsExactlyInAnyOrder("US11205304B2", "ES2576A1", "CN1394453A");
    }

    @Test
    void unreadableFilesAreMovedAsideWithAReportAndTheBundleGoesOn() {
        workspace.drop("binary.txt", new byte[] {'U', 'S', '1', 0, 0, 1, 2, 3, (byte) 0xFF});
        workspace.drop("latin1.txt", "US11205304B2\nCAF\u00c9\n".getBytes(StandardCharsets.ISO_8859_1));
        workspace.drop("sheet.xlsx", "PK whatever");

        JsonNode binary = workspace.awaitReport("binary.txt", Duration.ofSeconds(20));
        JsonNode latin1 = workspace.awaitReport("latin1.txt", Duration.ofSeconds(20));
        JsonNode xlsx = workspace.awaitReport("sheet.xlsx", Duration.ofSeconds(20));

        assertThat(binary.get("status").asText()).isEqualTo("unreadable");
        assertThat(binary.get("error").asText()).contains("binary");
        assertThat(latin1.get("error").asText()).contains("not valid UTF-8");
        assertThat(xlsx.get("error").asText()).contains("unsupported file type");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(workspace.inboxFiles(".failed"))
                        .hasSize(3)
                        .anySatisfy(f -> assertThat(f).endsWith("-binary.txt")));
        // nothing of them was sent, not even the valid first ID of latin1.txt
        assertThat(sandbox.stats().totalCalls()).isZero();
        assertThat(workspace.ledger("license")).isEmpty();

        // and the bundle keeps working
        workspace.drop("good.txt", "US11205304B2\n");
        assertThat(workspace
                        .awaitReport("good.txt", Duration.ofSeconds(20))
                        .get("status")
                        .asText())
                .isEqualTo("complete");
    }

    @Test
    void aFileStillBeingWrittenIsTakenOnlyWhenComplete() throws Exception {
        Path file = workspace.inbox().resolve("growing.txt");
        int lines = 30;
        // a slow producer: one line every 50 ms, faster than the 300 ms the file must stay unchanged
        try (SlowWriter producer = SlowWriter.start(file, lines, 20_000_000, Duration.ofMillis(50))) {
            // while the producer is busy the file is not taken
            // (a report, once there, stays: a file taken too early fails this however long it may take
            // on a loaded machine to see the condition hold for the second)
            await().during(Duration.ofMillis(1000))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> Files.exists(file) && !Files.exists(workspace.report("growing.txt")));
            assertThat(producer.awaitWritten(Duration.ofSeconds(10))).isTrue();
        }

        JsonNode report = workspace.awaitReport("growing.txt", Duration.ofSeconds(20));
        assertThat(report.get("ids_read").asLong()).isEqualTo(lines);
        assertThat(workspace.ledger("license")).hasSize(lines);
    }

    @Test
    void hiddenFilesAreIgnored() {
        workspace.drop(".partial.txt", "US11205304B2\n");
        workspace.drop("visible.txt", "CN1394453A\n");

        workspace.awaitReport("visible.txt", Duration.ofSeconds(20));

        assertThat(Files.exists(workspace.inbox().resolve(".partial.txt"))).isTrue();
        assertThat(Files.exists(workspace.report(".partial.txt"))).isFalse();
        assertThat(queries("license")).containsExactly("CN1394453A");
    }

    private List<String> queries(String endpoint) {
        return workspace.ledger(endpoint).stream()
                .map(l -> l.get("query").asText())
                .toList();
    }
}
