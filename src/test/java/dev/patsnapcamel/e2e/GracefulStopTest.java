package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.support.BundleProcess;
import dev.patsnapcamel.support.Workspace;

/**
 * SIGTERM in the middle of a large input, with calls that take half a second: the bundle stops well
 * within the shutdown time-out (no call waits for its turn, no batch is completed and sent on stop) and
 * exits 0; what was not called stays parked, and a restart finishes the input with exactly one ledger
 * line per ID and endpoint, and one report.
 */
class GracefulStopTest {

    static final List<String> ENDPOINTS = List.of("customs", "license", "litigation");

    final Workspace workspace = new Workspace("graceful-stop").wipe();

    @Test
    void sigtermMidInputStopsWithinSecondsAndARestartFinishesTheInput() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            ids.add("US" + (50_000_000 + i * 7) + "B2");
        }
        workspace.drop("big.txt", String.join("\n", ids));

        long stopMillis;
        try (BundleProcess first = bundle().start()) {
            await().atMost(Duration.ofSeconds(120)).until(() -> lineCount() >= 150);
            long before = System.nanoTime();
            int exit = first.stop(40);
            stopMillis = (System.nanoTime() - before) / 1_000_000;
            assertThat(exit).as("exit code (-1: still running after 40 s)").isZero();
            assertThat(first.logLines()).anySatisfy(l -> assertThat(l).contains("Stopping: calls under way finish"));
        }
        // well under the old 30 s: nothing waited for a turn under the rate, nothing was sent on stop
        assertThat(stopMillis).as("ms from SIGTERM to exit").isLessThan(15_000);
        int linesAtStop = lineCount();
        assertThat(linesAtStop).isLessThan(ids.size() * ENDPOINTS.size());
        assertThat(workspace.inboxFiles(".failed")).isEmpty();

        try (BundleProcess second = bundle().start()) {
            JsonNode report = workspace.awaitReport("big.txt", Duration.ofSeconds(240));
            assertThat(second.stop(40)).isZero();
            assertThat(report.get("ids_unique").asLong()).isEqualTo(ids.size());
            for (String endpoint : ENDPOINTS) {
                Map<String, Long> perQuery = workspace.ledger(endpoint).stream()
                        .collect(Collectors.groupingBy(l -> l.get("query").asText(), Collectors.counting()));
                assertThat(perQuery.keySet()).as(endpoint).isEqualTo(Set.copyOf(ids));
                assertThat(perQuery.values()).as(endpoint).allMatch(n -> n == 1);
                assertThat(report.at("/endpoints/" + endpoint + "/failed").asLong())
                        .as(endpoint)
                        .isZero();
            }
        }
        try (Stream<Path> reports = Files.list(workspace.outbox().resolve("reports"))) {
            assertThat(reports.map(p -> p.getFileName().toString())).containsExactly("big.txt.json");
        }
        assertThat(workspace.inboxFiles(".done")).hasSize(1);
    }

    private BundleProcess bundle() {
        return new BundleProcess(workspace.root().resolve("bundle.log"))
                .option("-Dintake.file.dir=" + workspace.inbox())
                .option("-Doutbox.dir=" + workspace.outbox())
                .option("-Dstate.dir=" + workspace.root().resolve("data"))
                .option("-Dintake.file.stable-ms=100")
                .option("-Dpatsnap.sandbox.enabled=true")
                .option("-Dpatsnap.sandbox.port=" + BundleProcess.freePort())
                .option("-Dpatsnap.sandbox.latency-ms=500")
                .option("-Dpatsnap.sandbox.qps=20")
                .option("-Dpatsnap.qps=10")
                .option("-Dpatsnap.max-in-flight=4")
                .option("-Dpatsnap.batch.size=20")
                .option("-Dpatsnap.batch.timeout=300")
                .option("-Dpatsnap.batch.recovery-interval=500");
    }

    /** Whole ledger lines written so far, all endpoints. */
    private int lineCount() {
        int lines = 0;
        for (String endpoint : ENDPOINTS) {
            Path folder = workspace.outbox().resolve(endpoint);
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path f : files.toList()) {
                        lines += (int) Files.readString(f)
                                .chars()
                                .filter(c -> c == '\n')
                                .count();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return lines;
    }
}
