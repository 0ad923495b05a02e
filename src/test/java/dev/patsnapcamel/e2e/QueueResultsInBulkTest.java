package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jakarta.jms.TextMessage;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.model.OutputName;
import dev.patsnapcamel.support.Broker;
import dev.patsnapcamel.support.Broker.Listener;
import dev.patsnapcamel.support.Broker.MessageMaker;
import dev.patsnapcamel.support.Broker.Received;
import dev.patsnapcamel.support.LogCapture;
import dev.patsnapcamel.support.Workspace;

/**
 * The results of a batch go to the results queue in bulk, in one broker transaction (route
 * results-to-broker), through the real bundle and a real Artemis broker: every ledger line of a request
 * arrives as one result, those of a batch in the order of the ledger, and the request's completion
 * message after all of its results; a broker that is down while the results are sent loses none of
 * them: they arrive once it is back, and the completion still comes after them.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/queue-bulk/inbox",
            "outbox.dir=target/it/queue-bulk/outbox",
            "state.dir=target/it/queue-bulk/data",
            "intake.jms.enabled=true",
            "intake.jms.username=patsnap",
            "intake.jms.password=queue-s3cret",
            // batches of two requests of five IDs: full batches only, never cut short by the timeout
            "patsnap.batch.size=10",
            "patsnap.batch.timeout=60000",
            "patsnap.max-in-flight=2",
            "patsnap.stop.probe-interval=300",
            "patsnap.batch.recovery-interval=200",
            "intake.queue.recovery-interval=200",
            // long enough to outlast the broker's outage in the second test
            "outputs.retry.attempts=30",
            "outputs.retry.delay=200ms"
        })
class QueueResultsInBulkTest extends SandboxedBundleTest {

    static final String REQUESTS = "patsnap.requests";
    static final String RESULTS = "patsnap.results";
    static final String ENDPOINTS = "license,litigation";
    static final int IDS_PER_REQUEST = 5;

    static final Workspace workspace = new Workspace("queue-bulk").wipe();
    static final LogCapture LOG = LogCapture.attach();
    static final Broker BROKER = startBroker();

    final ObjectMapper json = new ObjectMapper();
    Listener results;

    @Override
    Workspace workspace() {
        return workspace;
    }

    @BeforeEach
    void listenToResults() {
        BROKER.purge(RESULTS);
        results = Broker.listen(BROKER.coreClient(), RESULTS);
    }

    @AfterEach
    void stopListening() throws Exception {
        results.close();
    }

    @AfterAll
    static void stopBroker() {
        System.clearProperty("intake.jms.url");
        BROKER.stop();
    }

    @Test
    void aBatchsResultsArriveCompleteInLedgerOrderAndBeforeTheirRequestsCompletion() throws Exception {
        List<String> correlations = send("bulk", 0, 12);

        await().atMost(Duration.ofSeconds(60)).until(() -> completed(correlations));

        assertAnsweredInFull(correlations);
        assertThat(BROKER.waiting(REQUESTS)).isZero();
    }

    @Test
    void resultsSentWhileTheBrokerIsDownArriveOnceItIsBackBeforeTheCompletion() throws Exception {
        // PatSnap stops the account for a while: the requests' IDs wait in their batches
        sandbox.settings().injectError(null, 67200005, -1);
        List<String> correlations = send("outage", 1_000, 6);
        await().atMost(Duration.ofSeconds(30)).until(() -> BROKER.waiting(REQUESTS) == 0);

        // the broker goes away; then PatSnap answers, and the first batches' results have nowhere to go
        // (their sending is retried, holding their call slots: the other batches wait to be called)
        BROKER.stop();
        try {
            sandbox.settings().clearInjections();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> LOG.texts().stream().anyMatch(t -> t.contains("On delivery attempt")));
            assertThat(ledgerLines()).isPositive();
            assertThat(results.received()).isEmpty();
        } finally {
            // back: every result arrives, then each request's completion
            BROKER.start();
        }
        results.reconnect();
        await().atMost(Duration.ofSeconds(120)).until(() -> completed(correlations));
        assertAnsweredInFull(correlations);
        String[] alerts = workspace.outbox().resolve("alerts").toFile().list();
        assertThat(alerts == null ? List.<String>of() : List.of(alerts))
                .as("no output gave up")
                .noneMatch(a -> a.contains("output-failed"));
    }

    // ---- helpers

    /** Sends requests of five IDs each on both endpoints, in one go; returns their correlation ids. */
    private static List<String> send(String name, int first, int requests) {
        List<MessageMaker> makers = new ArrayList<>();
        List<String> correlations = new ArrayList<>();
        for (int r = 0; r < requests; r++) {
            String body = String.join("\n", QueueIntakeTest.publicationNumbers(first + r * 10, IDS_PER_REQUEST));
            String correlation = name + "-" + r;
            correlations.add(correlation);
            makers.add(s -> {
                TextMessage m = s.createTextMessage(body);
                m.setJMSCorrelationID(correlation);
                m.setStringProperty("PatsnapEndpoints", ENDPOINTS);
                return m;
            });
        }
        Broker.send(BROKER.coreClient(), REQUESTS, makers);
        return correlations;
    }

    private boolean completed(List<String> correlations) {
        return results.received().stream()
                .filter(r -> "completion".equals(r.property("PatsnapMessageType")))
                .map(Received::correlationId)
                .collect(Collectors.toSet())
                .containsAll(correlations);
    }

    /** Ledger lines written since the test began (the workspace starts each test empty). */
    private long ledgerLines() {
        return workspace.ledger("license").size()
                + workspace.ledger("litigation").size();
    }

    /**
     * For each request: one result per ledger line, the same JSON, no more; per endpoint in the order of
     * the ledger (each batch is one transaction, sent in the order of its lines); then exactly one
     * completion, after the last of its results, with the report.
     */
    private void assertAnsweredInFull(List<String> correlations) throws Exception {
        List<Received> received = results.received();
        for (String correlation : correlations) {
            List<Integer> resultPositions = new ArrayList<>();
            List<Integer> completionPositions = new ArrayList<>();
            for (int i = 0; i < received.size(); i++) {
                Received r = received.get(i);
                if (correlation.equals(r.correlationId())) {
                    ("completion".equals(r.property("PatsnapMessageType")) ? completionPositions : resultPositions)
                            .add(i);
                }
            }
            assertThat(completionPositions).as(correlation).hasSize(1);
            assertThat(resultPositions).as(correlation).hasSize(IDS_PER_REQUEST * 2);
            assertThat(completionPositions.get(0))
                    .as(correlation + ": the completion comes after every result")
                    .isGreaterThan(resultPositions.get(resultPositions.size() - 1));

            Received completion = received.get(completionPositions.get(0));
            String source = completion.property("PatsnapSource");
            JsonNode report = Workspace.readJson(workspace.report(OutputName.of(source)));
            assertThat(read(completion.body())).isEqualTo(report);
            assertThat(report.get("ids_unique").asLong()).isEqualTo(IDS_PER_REQUEST);

            Map<String, List<JsonNode>> sentByEndpoint = resultPositions.stream()
                    .map(received::get)
                    .peek(r -> assertThat(r.property("PatsnapSource")).isEqualTo(source))
                    .collect(Collectors.groupingBy(
                            r -> r.property("PatsnapEndpoint"),
                            Collectors.mapping(r -> read(r.body()), Collectors.toList())));
            for (String endpoint : ENDPOINTS.split(",")) {
                List<JsonNode> ledger = workspace.ledger(endpoint).stream()
                        .filter(l -> l.get("source").asText().equals(source))
                        .toList();
                assertThat(ledger).as(source + " " + endpoint).hasSize(IDS_PER_REQUEST);
                assertThat(sentByEndpoint.get(endpoint))
                        .as(source + " " + endpoint + ": the ledger's lines, in its order")
                        .containsExactlyElementsOf(ledger);
            }
        }
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Broker startBroker() {
        Broker broker = new Broker(workspace.root().resolve("broker")).start();
        // read by the bundle like any -D option
        System.setProperty("intake.jms.url", broker.coreUrl());
        return broker;
    }
}
