package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.sandbox.CallRecord;
import dev.patsnapcamel.support.SlowWriter;
import dev.patsnapcamel.support.Workspace;

/**
 * Less dead time at both ends of an input, through the real {@code Main}: the last part-full batches of a
 * file leave as soon as it has been read (not after {@code patsnap.batch.timeout}, here a minute), files
 * dropped together still fill batches together, a file moved into the folder is taken at once (here with a
 * stable time of 20 s), and a file written slowly is still never taken half-written. The deadlines are
 * well below the time-outs they prove were not waited for; they are state checks, not timings.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/input-ends/inbox",
            "outbox.dir=target/it/input-ends/outbox",
            "state.dir=target/it/input-ends/data",
            "patsnap.batch.timeout=60s",
            "intake.file.stable-time=20s",
            "intake.file.read-lock-timeout=30s",
            "intake.file.moved-stable-time=100ms",
            "intake.file.poll-interval=250ms"
        })
class InputEndsTest extends SandboxedBundleTest {

    static final Map<String, String> PATHS = FileToLedgerTest.PATHS;
    static final Workspace workspace = new Workspace("input-ends").wipe();

    @Override
    Workspace workspace() {
        return workspace;
    }

    @BeanInject
    CamelContext context;

    @Test
    void lastPartFullBatchesLeaveWhenTheFileIsRead() throws IOException {
        List<String> ids = ids(10_000_000, 250);
        dropWritten("end-of-file.txt", ids, Instant.now().minusSeconds(3600));

        // the 60 s batch time-out is not waited for
        JsonNode report = workspace.awaitReport("end-of-file.txt", Duration.ofSeconds(40));

        assertThat(report.get("status").asText()).isEqualTo("complete");
        assertThat(report.get("ids_unique").asLong()).isEqualTo(250);
        for (Map.Entry<String, String> endpoint : PATHS.entrySet()) {
            List<String> queries = workspace.ledger(endpoint.getKey()).stream()
                    .map(l -> l.get("query").asText())
                    .toList();
            assertThat(queries).as(endpoint.getKey()).hasSize(250).doesNotHaveDuplicates();
            assertThat(queries).containsExactlyInAnyOrderElementsOf(ids);
            // 100 + 100 + 50: the part-full one went when the file was read
            assertThat(idsPerCall(endpoint.getValue())).containsExactlyInAnyOrder(100, 100, 50);
        }
    }

    @Test
    void filesDroppedTogetherFillBatchesTogether() throws Exception {
        context.getRouteController().stopRoute("intake-file");
        List<String> all = new ArrayList<>();
        try {
            for (int f = 0; f < 10; f++) {
                List<String> ids = ids(20_000_000 + f * 100, 10);
                all.addAll(ids);
                dropWritten("small-" + f + ".txt", ids, Instant.now().minusSeconds(3600));
            }
        } finally {
            // the first look after the start finds all ten
            context.getRouteController().startRoute("intake-file");
        }

        for (int f = 0; f < 10; f++) {
            JsonNode report = workspace.awaitReport("small-" + f + ".txt", Duration.ofSeconds(40));
            assertThat(report.get("ids_unique").asLong()).isEqualTo(10);
        }
        for (Map.Entry<String, String> endpoint : PATHS.entrySet()) {
            // one call of 100 IDs per endpoint, not ten of 10; the last file sent it
            assertThat(idsPerCall(endpoint.getValue())).as(endpoint.getKey()).containsExactly(100);
            assertThat(workspace.ledger(endpoint.getKey()).stream()
                            .map(l -> l.get("query").asText())
                            .toList())
                    .containsExactlyInAnyOrderElementsOf(all);
        }
    }

    @Test
    void fileMovedInIsTakenWithoutWaitingForTheStableTime() throws IOException {
        // written just now, then moved in once the clock has moved on: only its move is newer than its content
        List<String> fresh = ids(30_000_000, 30);
        Path staged = workspace.root().resolve("moved.txt.staged");
        Files.write(staged, lines(fresh));
        long written = Files.getLastModifiedTime(staged).toMillis();
        await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > written + 50);
        Files.move(staged, workspace.inbox().resolve("moved.txt"));
        // and one whose content is an hour old
        dropWritten("old.txt", ids(31_000_000, 30), Instant.now().minusSeconds(3600));

        // well within the 20 s stable time
        assertThat(workspace
                        .awaitReport("moved.txt", Duration.ofSeconds(15))
                        .get("ids_unique")
                        .asLong())
                .isEqualTo(30);
        assertThat(workspace
                        .awaitReport("old.txt", Duration.ofSeconds(15))
                        .get("ids_unique")
                        .asLong())
                .isEqualTo(30);
    }

    @Test
    void fileWrittenSlowlyIsTakenWhole() throws Exception {
        // a line every 300 ms: pauses longer than the moved-stable-time, each write refreshing both times
        try (SlowWriter writer =
                SlowWriter.start(workspace.inbox().resolve("slow.txt"), 12, 40_000_000L, Duration.ofMillis(300))) {
            assertThat(writer.awaitWritten(Duration.ofSeconds(60))).isTrue();
            assertThat(Files.exists(workspace.report("slow.txt")))
                    .as("taken while being written")
                    .isFalse();
        }
        JsonNode report = workspace.awaitReport("slow.txt", Duration.ofSeconds(60));
        assertThat(report.get("ids_read").asLong()).isEqualTo(12);
        assertThat(workspace.ledger("license").stream()
                        .map(l -> l.get("query").asText())
                        .collect(Collectors.toSet()))
                .hasSize(12);
    }

    private List<Integer> idsPerCall(String path) {
        return sandbox.stats().calls().stream()
                .filter(c -> c.path().equals(path))
                .map(CallRecord::ids)
                .map(List::size)
                .toList();
    }

    private static List<String> ids(long first, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("US" + (first + i) + "B2");
        }
        return ids;
    }

    private static byte[] lines(List<String> ids) {
        return (String.join("\n", ids) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Writes a file next to the inbox, gives it the time of its last write, and moves it in. */
    private static void dropWritten(String name, List<String> ids, Instant lastWrite) throws IOException {
        Path staged = workspace.root().resolve(name + ".staged");
        Files.write(staged, lines(ids));
        Files.setLastModifiedTime(staged, FileTime.from(lastWrite));
        Files.move(staged, workspace.inbox().resolve(name));
    }
}
