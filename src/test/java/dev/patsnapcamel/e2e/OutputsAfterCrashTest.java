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
import jakarta.jms.TextMessage;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.model.OutputName;
import dev.patsnapcamel.support.Broker;
import dev.patsnapcamel.support.Broker.Listener;
import dev.patsnapcamel.support.Broker.Received;
import dev.patsnapcamel.support.BundleProcess;
import dev.patsnapcamel.support.Workspace;

/**
 * {@code kill -9} between the ledger and the outputs: ledger lines are written while the results queue
 * cannot take them (its broker is down, so results-to-queue is still retrying), then the bundle is
 * killed. After a restart every ledger line of the request reaches the requester (at least once), the
 * request is completed, and the CSV files have every line; the ledger has each line exactly once.
 */
class OutputsAfterCrashTest {

    static final String REQUESTS = "patsnap.requests";
    static final String RESULTS = "patsnap.results";
    static final List<String> ENDPOINTS = List.of("license", "litigation");

    static final ObjectMapper JSON = new ObjectMapper();

    final Workspace workspace = new Workspace("outputs-after-crash").wipe();

    @Test
    void linesWrittenBeforeAKillReachTheRequesterAndTheCsvAfterTheRestart() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add("US" + (80_000_000 + i * 19) + "B2");
        }
        Broker broker = new Broker(workspace.root().resolve("broker")).start();
        try (Listener results = Broker.listen(broker.coreClient(), RESULTS)) {
            String requestId = Broker.send(broker.coreClient(), REQUESTS, List.of(s -> {
                        TextMessage m = s.createTextMessage(String.join("\n", ids));
                        m.setJMSCorrelationID("crash-request");
                        m.setStringProperty("PatsnapEndpoints", String.join(",", ENDPOINTS));
                        return m;
                    }))
                    .get(0);
            String source = "queue:" + requestId;

            try (BundleProcess first = bundle(broker).start()) {
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> results(results, "result").size() >= 40);
                // the results queue goes away: the lines of the batches under way are still written, but
                // cannot be handed on (their results wait in their retries)
                broker.stop();
                int handedOn = results.received().size();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> ledgerLines(source).size() >= handedOn + 15);
                first.kill();
            }
            int linesAtKill = ledgerLines(source).size();
            assertThat(linesAtKill).isLessThan(ids.size() * ENDPOINTS.size());

            broker.start();
            results.reconnect();
            try (BundleProcess second = bundle(broker).start()) {
                workspace.awaitReport(OutputName.of(source), Duration.ofSeconds(180));
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> answered(results).size() == ids.size() * ENDPOINTS.size()
                                && !results(results, "completion").isEmpty());
                assertThat(second.stop(40)).isZero();
            }

            // the ledger: exactly one line per (endpoint, ID)
            Map<String, Long> perLine = ledgerLines(source).stream()
                    .collect(Collectors.groupingBy(
                            l -> l.get("endpoint").asText() + " "
                                    + l.get("query").asText(),
                            Collectors.counting()));
            assertThat(perLine).hasSize(ids.size() * ENDPOINTS.size());
            assertThat(perLine.values()).allMatch(n -> n == 1);
            // the requester: a result for every one of them, the lines written before the kill included
            assertThat(answered(results)).isEqualTo(perLine.keySet());
            assertThat(results(results, "result"))
                    .allSatisfy(r -> assertThat(r.correlationId()).isEqualTo("crash-request"));
            // the CSV: every line
            for (String endpoint : ENDPOINTS) {
                Path csv = workspace
                        .outbox()
                        .resolve("csv")
                        .resolve(OutputName.of(source))
                        .resolve(endpoint + ".csv");
                assertThat(csvQueries(csv)).as(endpoint).containsAll(ids);
            }
        } finally {
            broker.stop();
        }
    }

    private BundleProcess bundle(Broker broker) {
        return new BundleProcess(workspace.root().resolve("bundle.log"))
                .option("-Dintake.file.dir=" + workspace.inbox())
                .option("-Doutbox.dir=" + workspace.outbox())
                .option("-Dstate.dir=" + workspace.root().resolve("data"))
                .option("-Doutputs=ledger,csv")
                .option("-Dintake.jms.enabled=true")
                .option("-Dintake.jms.url=" + broker.coreUrl())
                .option("-Dintake.jms.username=" + Broker.USER)
                .option("-Dintake.jms.password=" + Broker.PASSWORD)
                .option("-Dintake.queue.recovery-interval=200")
                // while the broker is down, the results wait in their retries (until the kill)
                .option("-Doutputs.retry.attempts=1000")
                .option("-Doutputs.retry.delay=200")
                .option("-Dpatsnap.sandbox.enabled=true")
                .option("-Dpatsnap.sandbox.port=" + BundleProcess.freePort())
                .option("-Dpatsnap.sandbox.latency-ms=100")
                .option("-Dpatsnap.sandbox.qps=0")
                .option("-Dpatsnap.qps=20")
                .option("-Dpatsnap.max-in-flight=4")
                .option("-Dpatsnap.batch.size=10")
                .option("-Dpatsnap.batch.timeout=300")
                .option("-Dpatsnap.batch.recovery-interval=500");
    }

    private static List<Received> results(Listener listener, String type) {
        return listener.received().stream()
                .filter(r -> type.equals(r.property("PatsnapMessageType")))
                .toList();
    }

    /** "endpoint query" of every result received. */
    private static Set<String> answered(Listener listener) {
        return results(listener, "result").stream()
                .map(r -> r.property("PatsnapEndpoint") + " " + r.property("PatsnapQuery"))
                .collect(Collectors.toSet());
    }

    private List<JsonNode> ledgerLines(String source) {
        List<JsonNode> lines = new ArrayList<>();
        for (String endpoint : ENDPOINTS) {
            Path folder = workspace.outbox().resolve(endpoint);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (var files = Files.list(folder)) {
                for (Path f : files.toList()) {
                    String text = Files.readString(f);
                    int end = text.lastIndexOf('\n');
                    if (end > 0) {
                        for (String line : text.substring(0, end).split("\n")) {
                            JsonNode node = JSON.readTree(line);
                            if (source.equals(node.get("source").asText())) {
                                lines.add(node);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines;
    }

    private static Set<String> csvQueries(Path csv) throws IOException {
        try (CSVParser parser = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(Files.newBufferedReader(csv))) {
            return parser.stream().map(r -> r.get("query")).collect(Collectors.toSet());
        }
    }
}
