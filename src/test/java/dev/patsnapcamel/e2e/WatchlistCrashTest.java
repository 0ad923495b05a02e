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
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.model.OutputName;
import dev.patsnapcamel.support.BundleProcess;
import dev.patsnapcamel.support.Workspace;

/**
 * {@code kill -9} in the middle of a watch-list run, then a restart with no trigger due: the interrupted
 * run is resumed at start-up under its own source name and ends with exactly one ledger line per
 * (endpoint, ID) and its report (the first run, so it sets the baseline).
 */
class WatchlistCrashTest {

    static final List<String> ENDPOINTS = List.of("license", "litigation");

    final Workspace workspace = new Workspace("watchlist-crash").wipe();
    final ObjectMapper json = new ObjectMapper();

    @Test
    void aRunKilledMidwayIsResumedAtStartUpAndSettledExactlyOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            ids.add("US" + (70_000_000 + i * 19) + "B2");
        }
        Path list = workspace.root().resolve("watchlist.txt");
        Files.writeString(list, String.join("\n", ids) + "\n");

        // the first bundle runs the list at once (a trigger every second; later ones are skipped)
        try (BundleProcess first = bundle(list, "0/1 * * * * ?").start()) {
            await().atMost(Duration.ofSeconds(120)).until(() -> lines().size() >= 60);
            first.kill();
        }
        int linesAtKill = lines().size();
        assertThat(linesAtKill).isLessThan(ids.size() * ENDPOINTS.size());
        String source = lines().get(0).get("source").asText();
        assertThat(source).matches("watchlist:watchlist\\.txt:\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");

        // the second one has no trigger due for years: only the resumption can finish the run
        try (BundleProcess second = bundle(list, "0 0 2 1 1 ? 2099").start()) {
            String reportName = OutputName.of(source);
            JsonNode report = workspace.awaitReport(reportName, Duration.ofSeconds(120));
            await().atMost(Duration.ofSeconds(20))
                    .until(() ->
                            Workspace.readJson(workspace.report(reportName)).has("changes"));
            assertThat(second.stop(40)).isZero();

            assertThat(report.get("source").asText()).isEqualTo(source);
            assertThat(report.get("ids_unique").asLong()).isEqualTo(ids.size());
            for (String endpoint : ENDPOINTS) {
                Map<String, Long> perQuery = workspace.ledger(endpoint).stream()
                        .peek(l -> assertThat(l.get("source").asText()).isEqualTo(source))
                        .collect(Collectors.groupingBy(l -> l.get("query").asText(), Collectors.counting()));
                assertThat(perQuery.keySet()).as(endpoint).isEqualTo(Set.copyOf(ids));
                assertThat(perQuery.values()).as(endpoint).allMatch(n -> n == 1);
            }
            assertThat(Workspace.readJson(workspace.report(reportName))
                            .at("/changes/baseline")
                            .asBoolean())
                    .isTrue();
            assertThat(Files.readString(workspace.root().resolve("bundle.log")))
                    .contains("Watch list: resuming run " + source);
        }
    }

    private BundleProcess bundle(Path list, String cron) {
        return new BundleProcess(workspace.root().resolve("bundle.log"))
                .option("-Dintake.file.dir=" + workspace.inbox())
                .option("-Doutbox.dir=" + workspace.outbox())
                .option("-Dstate.dir=" + workspace.root().resolve("data"))
                .option("-Dwatchlist.enabled=true")
                .option("-Dwatchlist.file=" + list)
                .option("-Dwatchlist.cron=" + cron)
                .option("-Dpatsnap.endpoints=" + String.join(",", ENDPOINTS))
                .option("-Dpatsnap.sandbox.enabled=true")
                .option("-Dpatsnap.sandbox.port=" + BundleProcess.freePort())
                .option("-Dpatsnap.sandbox.latency-ms=150")
                .option("-Dpatsnap.sandbox.qps=20")
                .option("-Dpatsnap.qps=20")
                .option("-Dpatsnap.max-in-flight=2")
                .option("-Dpatsnap.batch.size=5")
                .option("-Dpatsnap.batch.timeout=300");
    }

    /** The whole ledger lines written so far (the bundle may be writing one right now). */
    private List<JsonNode> lines() {
        List<JsonNode> all = new ArrayList<>();
        for (String endpoint : ENDPOINTS) {
            Path folder = workspace.outbox().resolve(endpoint);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.toList()) {
                    String text = Files.readString(f);
                    int end = text.lastIndexOf('\n');
                    if (end > 0) {
                        for (String line : text.substring(0, end).split("\n")) {
                            all.add(json.readTree(line));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }
}
