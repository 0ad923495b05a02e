package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.support.BundleProcess;
import dev.patsnapcamel.support.Workspace;

/**
 * {@code kill -9} in the middle of a file, then a restart: every ID ends in the ledger exactly once
 * per endpoint, the file is not taken twice, and the second run asks only for what was not answered
 * (plus at most the batches that were in flight at the kill).
 */
class CrashRecoveryTest {

    static final int BATCH = 20;
    static final int MAX_IN_FLIGHT = 4;
    static final List<String> ENDPOINTS = List.of("customs", "license", "litigation");

    final Workspace workspace = new Workspace("crash-recovery").wipe();
    final ObjectMapper json = new ObjectMapper();

    @Test
    void killedMidFileThenRestartedSettlesEveryIdExactlyOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            ids.add("US" + (40_000_000 + i * 17) + "B2");
        }
        for (int i = 0; i < 200; i++) {
            ids.add(UUID.nameUUIDFromBytes(("crash-" + i).getBytes()).toString());
        }
        List<String> content = new ArrayList<>(ids);
        content.addAll(ids.subList(0, 50)); // duplicates
        content.add("garbage!");
        workspace.drop("crash.txt", String.join("\n", content));
        Set<String> expectedQueries =
                Stream.concat(ids.stream(), Stream.of("garbage!")).collect(Collectors.toSet());

        int firstPort = BundleProcess.freePort();
        try (BundleProcess first = bundle(firstPort).start()) {
            // let it get some way: lines written for some IDs, others still pending
            await().atMost(Duration.ofSeconds(60)).until(() -> ledgerLines().size() >= 300);
            first.kill();
        }
        int linesAtKill = ledgerLines().size();
        assertThat(linesAtKill).isLessThan(expectedQueries.size() * ENDPOINTS.size());

        int secondPort = BundleProcess.freePort();
        try (BundleProcess second = bundle(secondPort).start()) {
            JsonNode report = workspace.awaitReport("crash.txt", Duration.ofSeconds(90));
            Map<String, Object> stats = sandboxStats(secondPort);
            assertThat(second.stop(40)).isZero();

            // exactly one line per (endpoint, unique ID), none missing, every line whole JSON
            for (String endpoint : ENDPOINTS) {
                List<JsonNode> lines = workspace.ledger(endpoint);
                Map<String, Long> perQuery = lines.stream()
                        .collect(Collectors.groupingBy(l -> l.get("query").asText(), Collectors.counting()));
                assertThat(perQuery.keySet()).as(endpoint).isEqualTo(expectedQueries);
                assertThat(perQuery.values()).as(endpoint).allMatch(n -> n == 1);
                assertThat(lines)
                        .allSatisfy(l -> assertThat(l.get("source").asText()).isEqualTo("crash.txt"));
            }
            assertThat(report.get("ids_read").asLong()).isEqualTo(content.size());
            assertThat(report.get("ids_unique").asLong()).isEqualTo(expectedQueries.size());
            assertThat(report.get("duplicates").asLong()).isEqualTo(50);
            assertThat(report.get("rejected_locally").asLong()).isEqualTo(1);
            for (String endpoint : ENDPOINTS) {
                JsonNode tally = report.get("endpoints").get(endpoint);
                long sum = 0;
                for (String s : List.of("found", "empty", "not_found", "rejected", "failed")) {
                    sum += tally.get(s).asLong();
                }
                assertThat(sum).as(endpoint).isEqualTo(expectedQueries.size());
                assertThat(tally.get("failed").asLong()).isZero();
            }
            // the file was taken once more after the kill (it had not been fully read or was resumed),
            // but it is done exactly once
            assertThat(workspace.inboxFiles(".done")).hasSize(1);

            // the second run asked only for what had no line yet, plus what was in flight at the kill
            int unanswered = expectedQueries.size() * ENDPOINTS.size() - linesAtKill;
            // (calls PatSnap took: a call refused as too fast and made again asks for the same batch)
            long calls = ((Number) stats.get("acceptedCalls")).longValue();
            long bound = (unanswered + BATCH - 1) / BATCH + MAX_IN_FLIGHT + ENDPOINTS.size();
            assertThat(calls)
                    .as("calls of the second run (%s), %d lines at the kill", stats, linesAtKill)
                    .isLessThanOrEqualTo(bound);
        }
    }

    private BundleProcess bundle(int sandboxPort) {
        return new BundleProcess(workspace.root().resolve("bundle.log"))
                .option("-Dintake.file.dir=" + workspace.inbox())
                .option("-Doutbox.dir=" + workspace.outbox())
                .option("-Dstate.dir=" + workspace.root().resolve("data"))
                .option("-Dintake.file.stable-ms=100")
                .option("-Dpatsnap.sandbox.enabled=true")
                .option("-Dpatsnap.sandbox.port=" + sandboxPort)
                .option("-Dpatsnap.sandbox.latency-ms=150")
                .option("-Dpatsnap.sandbox.latency-jitter-ms=50")
                .option("-Dpatsnap.sandbox.qps=20")
                .option("-Dpatsnap.qps=20")
                .option("-Dpatsnap.max-in-flight=" + MAX_IN_FLIGHT)
                .option("-Dpatsnap.batch.size=" + BATCH)
                // long enough that a slow moment in reading on a loaded machine does not send a batch
                // part-full: the bound on the second run's calls counts full batches
                .option("-Dpatsnap.batch.timeout=2000");
    }

    private List<JsonNode> ledgerLines() {
        List<JsonNode> all = new ArrayList<>();
        for (String endpoint : ENDPOINTS) {
            Path folder = workspace.outbox().resolve(endpoint);
            if (Files.isDirectory(folder)) {
                // count whole lines only: the bundle may be writing one right now
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
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> sandboxStats(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_sandbox/stats"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return json.readValue(response.body(), Map.class);
    }
}
