package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageConsumer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.model.OutputName;
import dev.patsnapcamel.support.Broker;
import dev.patsnapcamel.support.Broker.Listener;
import dev.patsnapcamel.support.Broker.MessageMaker;
import dev.patsnapcamel.support.Broker.Received;
import dev.patsnapcamel.support.Expected;
import dev.patsnapcamel.support.Tripwire;
import dev.patsnapcamel.support.Workspace;

/**
 * The queue intake against a real Artemis broker, the same tests for both protocols (subclasses
 * {@link JmsIntakeTest} and {@link AmqpIntakeTest} pick one): requests in, one result per ledger line
 * and a completion message out, malformed requests dead-lettered, and a broker restart in the middle
 * of a stream of requests that loses and doubles nothing.
 */
abstract class QueueIntakeTest extends SandboxedBundleTest {

    static final String REQUESTS = "patsnap.requests";
    static final String RESULTS = "patsnap.results";
    static final String DEAD_LETTERS = "patsnap.requests.dlq";
    static final String LICENSE = "/advanced-patent-data/license-data";
    static final List<String> ENDPOINTS = List.of("customs", "license", "litigation");

    final ObjectMapper json = new ObjectMapper();
    Listener results;

    abstract Broker broker();

    /** A client of the protocol under test. */
    abstract ConnectionFactory client();

    /** The connection factory the bundle itself consumes with. */
    abstract ConnectionFactory bundleClient();

    @BeforeEach
    void listenToResults() {
        broker().purge(RESULTS);
        broker().purge(DEAD_LETTERS);
        results = Broker.listen(client(), RESULTS);
    }

    @AfterEach
    void stopListening() throws Exception {
        sandbox.settings().latencyMs(0);
        results.close();
    }

    @Test
    void aRequestGetsOneResultPerLedgerLineAndACompletionWithItsReport() throws Exception {
        List<String> numbers = publicationNumbers(500, 12);
        String text = "# from the queue\n" + numbers.get(0).toLowerCase() + "\n" + String.join(", ", numbers)
                + "\nnot-a-patent!\n";
        List<String> jsonIds = new ArrayList<>(publicationNumbers(600, 8));
        jsonIds.add(UUID.nameUUIDFromBytes("queue-1".getBytes()).toString());
        jsonIds.add(UUID.nameUUIDFromBytes("queue-2".getBytes()).toString());
        byte[] jsonArray = json.writeValueAsBytes(jsonIds);

        List<String> sent = Broker.send(
                client(),
                REQUESTS,
                List.of(
                        s -> {
                            TextMessage m = s.createTextMessage(text);
                            m.setJMSCorrelationID("corr-text");
                            m.setStringProperty("PatsnapEndpoints", "license");
                            return m;
                        },
                        s -> {
                            BytesMessage m = s.createBytesMessage();
                            m.writeBytes(jsonArray);
                            m.setJMSCorrelationID("corr-json");
                            return m;
                        }));
        String textSource = "queue:" + sent.get(0);
        String jsonSource = "queue:" + sent.get(1);

        JsonNode textReport = workspace().awaitReport(reportName(textSource), Duration.ofSeconds(30));
        JsonNode jsonReport = workspace().awaitReport(reportName(jsonSource), Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> completions("corr-text").size() == 1
                        && completions("corr-json").size() == 1);

        // the text request: license only, a duplicate and a value rejected locally
        assertThat(textReport.get("source").asText()).isEqualTo(textSource);
        assertThat(textReport.get("status").asText()).isEqualTo("complete");
        assertThat(textReport.get("ids_read").asLong()).isEqualTo(14);
        assertThat(textReport.get("ids_unique").asLong()).isEqualTo(13);
        assertThat(textReport.get("duplicates").asLong()).isEqualTo(1);
        assertThat(textReport.get("rejected_locally").asLong()).isEqualTo(1);
        assertThat(fieldNames(textReport.get("endpoints"))).containsExactly("license");
        List<JsonNode> textLines = ledgerLines("license", textSource);
        assertThat(textLines).hasSize(13);
        assertThat(ledgerLines("customs", textSource)).isEmpty();
        assertThat(ledgerLines("litigation", textSource)).isEmpty();
        for (JsonNode line : textLines) {
            String query = line.get("query").asText();
            String expected = query.equals("not-a-patent!")
                    ? "rejected"
                    : Expected.forQuery(LICENSE, query).status();
            assertThat(line.get("status").asText()).as(query).isEqualTo(expected);
        }

        // the JSON array in a bytes message: every configured endpoint
        assertThat(jsonReport.get("ids_unique").asLong()).isEqualTo(10);
        for (String endpoint : ENDPOINTS) {
            assertThat(ledgerLines(endpoint, jsonSource)).as(endpoint).hasSize(10);
        }

        // one result per ledger line, the same JSON, with the request's correlation id
        List<Received> textResults = results("corr-text");
        assertThat(textResults).hasSize(13).allSatisfy(r -> {
            assertThat(r.text()).isTrue();
            assertThat(r.property("PatsnapSource")).isEqualTo(textSource);
            assertThat(r.property("PatsnapEndpoint")).isEqualTo("license");
        });
        assertThat(textResults.stream().map(r -> readJson(r.body())).collect(Collectors.toSet()))
                .isEqualTo(new HashSet<>(textLines));
        for (Received r : textResults) {
            JsonNode body = readJson(r.body());
            assertThat(r.property("PatsnapQuery")).isEqualTo(body.get("query").asText());
            assertThat(r.property("PatsnapStatus")).isEqualTo(body.get("status").asText());
        }
        Set<JsonNode> jsonLines = new HashSet<>();
        ENDPOINTS.forEach(e -> jsonLines.addAll(ledgerLines(e, jsonSource)));
        assertThat(results("corr-json").stream().map(r -> readJson(r.body())).collect(Collectors.toSet()))
                .isEqualTo(jsonLines);
        assertThat(results("corr-json")).hasSize(30);

        // the completion message is the report
        Received completion = completions("corr-text").get(0);
        assertThat(readJson(completion.body())).isEqualTo(textReport);
        assertThat(completion.property("PatsnapSource")).isEqualTo(textSource);
        assertThat(completion.property("PatsnapStatus")).isEqualTo("complete");
        assertThat(readJson(completions("corr-json").get(0).body())).isEqualTo(jsonReport);
        assertThat(broker().waiting(REQUESTS)).isZero();
        assertThat(broker().waiting(DEAD_LETTERS)).isZero();
    }

    @Test
    void malformedRequestsAreDeadLetteredWithTheirReasonAndTheBundleGoesOn() throws Exception {
        byte[] binary = {0x00, 0x01, (byte) 0xff, (byte) 0xfe, 0x7f, 0x00, 0x10, (byte) 0x80};
        Map<String, MessageMaker> malformed = new java.util.LinkedHashMap<>();
        malformed.put("bad-binary", s -> {
            BytesMessage m = s.createBytesMessage();
            m.writeBytes(binary);
            return m;
        });
        malformed.put("bad-json", s -> s.createTextMessage("{\"patent_number\": \"US11205304B2\"}"));
        malformed.put("bad-json-array", s -> s.createTextMessage("[\"US11205304B2\", "));
        malformed.put("bad-empty", s -> s.createTextMessage("  \n"));
        malformed.put("bad-endpoint", s -> {
            TextMessage m = s.createTextMessage("US11205304B2");
            m.setStringProperty("PatsnapEndpoints", "license,patents");
            return m;
        });
        malformed.put("bad-format", s -> {
            TextMessage m = s.createTextMessage("US11205304B2");
            m.setStringProperty("PatsnapFormat", "xml");
            return m;
        });
        malformed.put("bad-map", s -> {
            MapMessage m = s.createMapMessage();
            m.setString("patent_number", "US11205304B2");
            return m;
        });
        List<MessageMaker> makers = new ArrayList<>();
        malformed.forEach((correlation, maker) -> makers.add(s -> {
            var m = maker.make(s);
            m.setJMSCorrelationID(correlation);
            return m;
        }));
        // and a good one after them: the bundle keeps working
        makers.add(s -> {
            TextMessage m = s.createTextMessage("US11205304B2\nCN1394453A");
            m.setJMSCorrelationID("good-after-bad");
            m.setStringProperty("PatsnapEndpoints", "license");
            return m;
        });
        List<String> sent = Broker.send(client(), REQUESTS, makers);

        try (Listener deadLetters = Broker.listen(client(), DEAD_LETTERS)) {
            workspace().awaitReport(reportName("queue:" + sent.get(sent.size() - 1)), Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> deadLetters.received().size() == malformed.size()
                            && completions(null).size() == malformed.size() + 1);

            Map<String, Received> byCorrelation = deadLetters.received().stream()
                    .collect(Collectors.toMap(Received::correlationId, Function.identity()));
            assertThat(byCorrelation).containsOnlyKeys(malformed.keySet());
            Map<String, String> reasons = Map.of(
                    "bad-binary",
                    "UTF-8",
                    "bad-json",
                    "not a JSON array",
                    "bad-json-array",
                    "malformed JSON",
                    "bad-empty",
                    "empty message",
                    "bad-endpoint",
                    "[patents], not configured",
                    "bad-format",
                    "'xml' is none of txt, csv, json",
                    "bad-map",
                    "a map message");
            int i = 0;
            for (String correlation : malformed.keySet()) {
                Received dead = byCorrelation.get(correlation);
                String source = "queue:" + sent.get(i++);
                assertThat(dead.property("PatsnapError")).as(correlation).contains(reasons.get(correlation));
                assertThat(dead.property("PatsnapRequestId")).isEqualTo(source.substring("queue:".length()));
                assertThat(dead.property("PatsnapSource")).isEqualTo(source);
                // the report says why, and so does the completion message
                JsonNode report = Workspace.readJson(workspace().report(reportName(source)));
                assertThat(report.get("status").asText()).isEqualTo("unreadable");
                assertThat(report.get("error").asText()).isEqualTo(dead.property("PatsnapError"));
                Received completion = completions(correlation).get(0);
                assertThat(completion.property("PatsnapStatus")).isEqualTo("unreadable");
                assertThat(completion.property("PatsnapError")).isEqualTo(dead.property("PatsnapError"));
                assertThat(readJson(completion.body())).isEqualTo(report);
            }
            // each one as it was sent
            assertThat(byCorrelation.get("bad-binary").bytes()).isEqualTo(binary);
            assertThat(byCorrelation.get("bad-binary").text()).isFalse();
            assertThat(byCorrelation.get("bad-json").body()).isEqualTo("{\"patent_number\": \"US11205304B2\"}");
            assertThat(byCorrelation.get("bad-json").text()).isTrue();
            assertThat(byCorrelation.get("bad-endpoint").property("PatsnapEndpoints"))
                    .isEqualTo("license,patents");
            assertThat(byCorrelation.get("bad-format").property("PatsnapFormat"))
                    .isEqualTo("xml");
        }
        // nothing is delivered again, nothing reached the ledger but the good request
        assertThat(broker().waiting(REQUESTS)).isZero();
        String good = "queue:" + sent.get(sent.size() - 1);
        for (String endpoint : ENDPOINTS) {
            assertThat(workspace().ledger(endpoint))
                    .allSatisfy(l -> assertThat(l.get("source").asText()).isEqualTo(good));
        }
        assertThat(ledgerLines("license", good)).hasSize(2);
    }

    @Test
    void anObjectMessageIsDeadLetteredUnreadAndNeverDeserialized() throws Exception {
        Tripwire.DESERIALIZED.set(false);
        List<String> sent = Broker.send(
                client(),
                REQUESTS,
                List.of(
                        s -> {
                            ObjectMessage m = s.createObjectMessage(new Tripwire("US11205304B2"));
                            m.setJMSCorrelationID("object");
                            return m;
                        },
                        s -> {
                            TextMessage m = s.createTextMessage("US11205304B2");
                            m.setJMSCorrelationID("after-object");
                            m.setStringProperty("PatsnapEndpoints", "license");
                            return m;
                        }));
        String objectSource = "queue:" + sent.get(0);
        String after = "queue:" + sent.get(1);

        try (Listener deadLetters = Broker.listen(client(), DEAD_LETTERS)) {
            workspace().awaitReport(reportName(after), Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> deadLetters.received().size() == 1
                            && completions(null).size() == 2);
            Received dead = deadLetters.received().get(0);
            assertThat(dead.correlationId()).isEqualTo("object");
            assertThat(dead.property("PatsnapSource")).isEqualTo(objectSource);
            assertThat(dead.property("PatsnapError"))
                    .isEqualTo("an object message: a request is a text or a bytes message");
            assertThat(dead.body()).isEmpty();
        }
        JsonNode report = Workspace.readJson(workspace().report(reportName(objectSource)));
        assertThat(report.get("status").asText()).isEqualTo("unreadable");
        assertThat(completions("object"))
                .singleElement()
                .satisfies(c -> assertThat(c.property("PatsnapStatus")).isEqualTo("unreadable"));
        // the request after it was taken as usual
        assertThat(ledgerLines("license", after)).hasSize(1);
        assertThat(broker().waiting(REQUESTS)).isZero();
        // nothing in this JVM (the bundle's consumer included) ever read the object back
        assertThat(Tripwire.DESERIALIZED).isFalse();
    }

    @Test
    void theBundlesBrokerClientRefusesToDeserializeAnyClass() throws Exception {
        Tripwire.DESERIALIZED.set(false);
        String scratch = "patsnap.scratch." + UUID.randomUUID();
        Broker.send(client(), scratch, List.of(s -> s.createObjectMessage(new Tripwire("x"))));
        try (Connection connection = bundleClient().createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(scratch));
            jakarta.jms.Message received = consumer.receive(20_000);
            assertThat(received).isInstanceOf(ObjectMessage.class);
            assertThatThrownBy(((ObjectMessage) received)::getObject).isInstanceOf(JMSException.class);
        }
        assertThat(Tripwire.DESERIALIZED).isFalse();
    }

    @Test
    void oversizeMessagesAndOverlongHeadersAreDeadLetteredOnceWithTheirReason() throws Exception {
        // the tests run with intake.queue.max-message-bytes=4096 and intake.queue.max-header-length=128
        byte[] big = "US11205304B2\n".repeat(400).getBytes(StandardCharsets.UTF_8);
        Map<String, MessageMaker> refused = new java.util.LinkedHashMap<>();
        refused.put("big-bytes", s -> {
            BytesMessage m = s.createBytesMessage();
            m.writeBytes(big);
            m.setJMSCorrelationID("big-bytes");
            return m;
        });
        refused.put("big-text", s -> {
            TextMessage m = s.createTextMessage(new String(big, StandardCharsets.UTF_8));
            m.setJMSCorrelationID("big-text");
            return m;
        });
        refused.put("long-correlation", s -> {
            TextMessage m = s.createTextMessage("US11205304B2");
            m.setJMSCorrelationID("c".repeat(200));
            return m;
        });
        refused.put("long-endpoints", s -> {
            TextMessage m = s.createTextMessage("US11205304B2");
            m.setJMSCorrelationID("long-endpoints");
            m.setStringProperty("PatsnapEndpoints", "license,".repeat(30));
            return m;
        });
        refused.put("long-format", s -> {
            TextMessage m = s.createTextMessage("US11205304B2");
            m.setJMSCorrelationID("long-format");
            m.setStringProperty("PatsnapFormat", "x".repeat(129));
            return m;
        });
        List<MessageMaker> makers = new ArrayList<>(refused.values());
        makers.add(s -> {
            TextMessage m = s.createTextMessage("CN1394453A");
            m.setJMSCorrelationID("good-after-caps");
            m.setStringProperty("PatsnapEndpoints", "license");
            return m;
        });
        List<String> sent = Broker.send(client(), REQUESTS, makers);
        List<String> sources = sent.stream().map(id -> "queue:" + id).toList();

        try (Listener deadLetters = Broker.listen(client(), DEAD_LETTERS)) {
            workspace().awaitReport(reportName(sources.get(sources.size() - 1)), Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> deadLetters.received().size() == refused.size()
                            && completions(null).size() == sent.size());
            Map<String, Received> bySource = deadLetters.received().stream()
                    .collect(Collectors.toMap(r -> r.property("PatsnapSource"), Function.identity()));
            assertThat(bySource).containsOnlyKeys(sources.subList(0, refused.size()));
            Map<String, String> reasons = Map.of(
                    "big-bytes",
                    "message body of at least 5200 bytes is larger than intake.queue.max-message-bytes (4096)",
                    "big-text",
                    "is larger than intake.queue.max-message-bytes (4096)",
                    "long-correlation",
                    "JMSCorrelationID is longer than intake.queue.max-header-length (200 > 128",
                    "long-endpoints",
                    "PatsnapEndpoints is longer than intake.queue.max-header-length (240 > 128",
                    "long-format",
                    "PatsnapFormat is longer than intake.queue.max-header-length (129 > 128");
            int i = 0;
            for (String name : refused.keySet()) {
                Received dead = bySource.get(sources.get(i++));
                assertThat(dead.property("PatsnapError")).as(name).contains(reasons.get(name));
                // an overlong value is neither stored nor echoed
                assertThat(dead.properties().values()).as(name).noneMatch(v -> v != null && v.length() > 128);
                assertThat(dead.body()).as(name).hasSizeLessThan(4096);
            }
            assertThat(bySource.get(sources.get(2)).correlationId()).isNull();
        }
        // each refused once: one completion per request, nothing delivered again
        Map<String, Long> completionsPerSource = completions(null).stream()
                .collect(Collectors.groupingBy(c -> c.property("PatsnapSource"), Collectors.counting()));
        assertThat(completionsPerSource)
                .containsOnlyKeys(sources)
                .allSatisfy((k, n) -> assertThat(n).isEqualTo(1));
        assertThat(broker().waiting(REQUESTS)).isZero();
        assertThat(ledgerLines("license", sources.get(sources.size() - 1))).hasSize(1);
    }

    @Test
    void aFileNamedLikeARequestIsAFileAndNoneOfItsResultsGoesToAQueue() throws Exception {
        List<String> sent = Broker.send(client(), REQUESTS, List.of(s -> {
            TextMessage m = s.createTextMessage("US11205304B2\nCN1394453A");
            m.setJMSCorrelationID("the-requester");
            m.setStringProperty("PatsnapEndpoints", "license");
            return m;
        }));
        String request = "queue:" + sent.get(0);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> results("the-requester").size() == 2
                        && completions("the-requester").size() == 1);

        // someone drops a file named after that request (the requester's message id) into the inbox
        List<String> fileIds = List.of("JP4627367B2", "EP1234567B1", "ES2576A1");
        workspace().drop(request, String.join("\n", fileIds));
        // settled as a file: every endpoint, a ledger line each ...
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ENDPOINTS.stream()
                        .allMatch(endpoint -> ledgerLines(endpoint, request).stream()
                                .map(l -> l.get("query").asText())
                                .toList()
                                .containsAll(fileIds)));
        // (the file moves once its exchange is over, which may be after its ledger lines are written)
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(workspace().inboxFiles(".done"))
                        .anySatisfy(f -> assertThat(f).endsWith(request)));
        // ... and no message on any queue: the requester got its own two results and one completion only
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .until(() -> results.received().stream()
                                .noneMatch(r -> r.property("PatsnapQuery") != null
                                        && fileIds.contains(r.property("PatsnapQuery")))
                        && completions(null).stream()
                                        .filter(c -> request.equals(c.property("PatsnapSource")))
                                        .count()
                                == 1);
        assertThat(results(null).stream().filter(r -> request.equals(r.property("PatsnapSource"))))
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.correlationId()).isEqualTo("the-requester"));
        assertThat(broker().waiting(REQUESTS)).isZero();
        assertThat(broker().waiting(DEAD_LETTERS)).isZero();
    }

    @Test
    void aBrokerRestartInTheMiddleOfAStreamLosesAndDoublesNothing() throws Exception {
        sandbox.settings().latencyMs(40);
        int requests = 16;
        int idsPerRequest = 10;
        List<MessageMaker> makers = new ArrayList<>();
        for (int r = 0; r < requests; r++) {
            String body = String.join("\n", publicationNumbers(10_000 + r * idsPerRequest, idsPerRequest));
            String correlation = "stream-" + r;
            makers.add(s -> {
                TextMessage m = s.createTextMessage(body);
                m.setJMSCorrelationID(correlation);
                m.setStringProperty("PatsnapEndpoints", "license,litigation");
                return m;
            });
        }
        List<String> sources = Broker.send(client(), REQUESTS, makers).stream()
                .map(id -> "queue:" + id)
                .toList();

        // some requests done, most still waiting in the broker: stop it, start it again
        await().atMost(Duration.ofSeconds(30)).until(() -> reportsOf(sources) >= 2);
        broker().stop();
        int reportsAtStop = reportsOf(sources);
        broker().start();
        results.reconnect();
        assertThat(reportsAtStop).isLessThan(requests);

        await().atMost(Duration.ofSeconds(60)).until(() -> reportsOf(sources) == requests);
        // every ID of every request: exactly one ledger line per endpoint, one report each
        for (String endpoint : List.of("license", "litigation")) {
            Map<String, Long> perLine = workspace().ledger(endpoint).stream()
                    .collect(Collectors.groupingBy(
                            l -> l.get("source").asText() + " " + l.get("query").asText(), Collectors.counting()));
            assertThat(perLine).as(endpoint).hasSize(requests * idsPerRequest);
            assertThat(perLine.values()).as(endpoint).allMatch(n -> n == 1);
            assertThat(perLine.keySet().stream().map(k -> k.split(" ")[0]).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrderElementsOf(sources);
        }
        for (String source : sources) {
            JsonNode report = Workspace.readJson(workspace().report(reportName(source)));
            assertThat(report.get("status").asText()).isEqualTo("complete");
            assertThat(report.get("ids_unique").asLong()).isEqualTo(idsPerRequest);
            assertThat(report.at("/endpoints/license/found").asLong()
                            + report.at("/endpoints/license/empty").asLong()
                            + report.at("/endpoints/license/not_found").asLong())
                    .as(source)
                    .isEqualTo(idsPerRequest);
        }
        // and the answers: every ledger line and every completion reached the results queue
        await().atMost(Duration.ofSeconds(30))
                .until(() -> completions(null).stream()
                        .map(c -> c.property("PatsnapSource"))
                        .collect(Collectors.toSet())
                        .containsAll(sources));
        Set<String> answered = results(null).stream()
                .map(r -> r.property("PatsnapSource") + " " + r.property("PatsnapEndpoint") + " "
                        + r.property("PatsnapQuery"))
                .collect(Collectors.toSet());
        assertThat(answered).hasSize(requests * idsPerRequest * 2);
        assertThat(broker().waiting(REQUESTS)).isZero();
        assertThat(broker().waiting(DEAD_LETTERS)).isZero();
    }

    // ---- helpers

    static List<String> publicationNumbers(int from, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            ids.add("US" + (70_000_000 + i * 13) + "B2");
        }
        return ids;
    }

    /** The report file name of a source (as {@code SourceReport.fileName()}, without {@code .json}). */
    static String reportName(String source) {
        return OutputName.of(source);
    }

    int reportsOf(List<String> sources) {
        return (int) sources.stream()
                .filter(s -> java.nio.file.Files.exists(workspace().report(reportName(s))))
                .count();
    }

    List<JsonNode> ledgerLines(String endpoint, String source) {
        return workspace().ledger(endpoint).stream()
                .filter(l -> l.get("source").asText().equals(source))
                .toList();
    }

    /** Result messages with this correlation id (any when null). */
    List<Received> results(String correlation) {
        return ofType("result", correlation);
    }

    List<Received> completions(String correlation) {
        return ofType("completion", correlation);
    }

    private List<Received> ofType(String type, String correlation) {
        return results.received().stream()
                .filter(r -> type.equals(r.property("PatsnapMessageType")))
                .filter(r -> correlation == null || correlation.equals(r.correlationId()))
                .toList();
    }

    JsonNode readJson(String text) {
        try {
            return json.readTree(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
