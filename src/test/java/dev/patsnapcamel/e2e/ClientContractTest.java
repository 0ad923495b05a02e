package dev.patsnapcamel.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.patsnapcamel.support.ApiAnswers.item;
import static dev.patsnapcamel.support.ApiAnswers.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.api.UserAgent;
import dev.patsnapcamel.support.ApiAnswers;
import dev.patsnapcamel.support.LogCapture;
import dev.patsnapcamel.support.Workspace;

/**
 * The client's contract with the API, table-driven over every answer form public clients see (see
 * {@code ../shared/spec/patsnap-api.md}): envelope variants, error fields, HTTP 429 with and without
 * {@code Retry-After}, transient statuses, 401/403/404 with and without a JSON body, answers that are not
 * the documented envelope and answers over the caps. The real {@code Main} and routes call WireMock stubs
 * built from the documented examples; each case checks the ledger lines, the calls WireMock saw, the
 * headers sent, and that the log shows no secret.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/client-contract/inbox",
            "outbox.dir=target/it/client-contract/outbox",
            "state.dir=target/it/client-contract/data",
            "patsnap.sandbox.enabled=false",
            "patsnap.client-id=contract-client",
            "patsnap.client-secret=contract-secret-3141",
            "patsnap.endpoints=license",
            "patsnap.retry.max-redeliveries=2",
            "patsnap.retry.initial-delay=20",
            "patsnap.retry.max-delay=100",
            "patsnap.stop.probe-interval=500",
            "patsnap.batch.recovery-interval=200",
            "patsnap.http.max-answer-bytes=65536",
            "cluster.node-id=node-a\r\nX-Injected: 1"
        })
class ClientContractTest {

    static final String LICENSE = ApiAnswers.LICENSE;
    static final String SECRET = "contract-secret-3141";
    static final String TOKEN = "tok-9f8e7d6c5b4a";
    static final WireMockServer api = startApi();
    static final Workspace workspace = new Workspace("client-contract").wipe();
    static final AtomicInteger cases = new AtomicInteger();
    static final List<Map<String, Object>> settledHeaders = new CopyOnWriteArrayList<>();

    @BeanInject
    CamelContext context;

    /** WireMock first: the bundle reads its address as patsnap.base-url (a -D option) when it starts. */
    static WireMockServer startApi() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        System.setProperty("patsnap.base-url", server.baseUrl());
        return server;
    }

    @AfterAll
    static void stopApi() {
        System.clearProperty("patsnap.base-url");
        api.stop();
    }

    @BeforeEach
    void watchWhatReachesTheLedger() throws Exception {
        workspace.clean();
        api.resetAll();
        if (settledHeaders.isEmpty()
                && context.getManagementStrategy().getEventNotifiers().stream()
                        .noneMatch(HeaderWatch.class::isInstance)) {
            HeaderWatch watch = new HeaderWatch();
            context.getManagementStrategy().addEventNotifier(watch);
            watch.start();
        }
    }

    /** What the ledger must say about the three IDs [found, empty, missing] of a case, and how many calls it took. */
    record Expect(List<String> statuses, String errorCode, String errorContains, int calls) {
        static Expect answered(int calls) {
            return new Expect(List.of("found", "empty", "not_found"), null, null, calls);
        }

        static Expect all(String status, String code, String contains, int calls) {
            return new Expect(List.of(status, status, status), code, contains, calls);
        }
    }

    /** How the stub answers the business calls of a case: the first answers, then the documented success. */
    interface Stubs {
        void apply(String[] ids);
    }

    static Stream<Arguments> answerForms() {
        return Stream.of(
                // envelope variants of a successful answer
                form(
                        "documented envelope",
                        ids -> always(okJson(success(ids, "\"status\":true,\"error_code\":0"))),
                        Expect.answered(1)),
                form(
                        "status true, no error_code",
                        ids -> always(okJson(success(ids, "\"status\":true"))),
                        Expect.answered(1)),
                form(
                        "code 0 instead of error_code",
                        ids -> always(okJson(success(ids, "\"status\":true,\"code\":0"))),
                        Expect.answered(1)),
                form(
                        "code \"0\" as a string",
                        ids -> always(okJson(success(ids, "\"code\":\"0\""))),
                        Expect.answered(1)),
                form(
                        "null result field is empty",
                        ids -> always(okJson("{\"status\":true,\"error_code\":0,\"data\":["
                                + item(ids[0], "[{\"licensor\":\"A\"}]") + "," + item(ids[1], "null") + "]}")),
                        Expect.answered(1)),
                // error fields with HTTP 200
                form(
                        "error_code + error_msg",
                        ids -> always(
                                okJson("{\"status\":false,\"error_code\":67200012,\"error_msg\":\"illegal request\"}")),
                        Expect.all("rejected", "67200012", "illegal request", 1)),
                form(
                        "code + message",
                        ids -> always(
                                okJson("{\"status\":false,\"code\":\"67200012\",\"message\":\"illegal by message\"}")),
                        Expect.all("rejected", "67200012", "illegal by message", 1)),
                form(
                        "code + error_message",
                        ids -> always(okJson("{\"code\":67200012,\"error_message\":\"illegal by error_message\"}")),
                        Expect.all("rejected", "67200012", "illegal by error_message", 1)),
                form(
                        "status false without a code",
                        ids -> always(okJson("{\"status\":false,\"message\":\"nope\"}")),
                        Expect.all("failed", "PROTOCOL", "nope", 3)),
                form(
                        "67200002 with HTTP 200, once",
                        ids -> once(
                                okJson("{\"status\":false,\"error_code\":67200002," + "\"error_msg\":\"too fast\"}"),
                                ids),
                        Expect.answered(2)),
                // transient HTTP statuses
                form(
                        "HTTP 429 without Retry-After, once",
                        ids -> once(aResponse().withStatus(429), ids),
                        Expect.answered(2)),
                form("HTTP 408, once", ids -> once(aResponse().withStatus(408), ids), Expect.answered(2)),
                form("HTTP 425, once", ids -> once(aResponse().withStatus(425), ids), Expect.answered(2)),
                form("HTTP 500, once", ids -> once(aResponse().withStatus(500), ids), Expect.answered(2)),
                form(
                        "HTTP 502, once",
                        ids -> once(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>"), ids),
                        Expect.answered(2)),
                form("HTTP 503, once", ids -> once(aResponse().withStatus(503), ids), Expect.answered(2)),
                form("HTTP 504, once", ids -> once(aResponse().withStatus(504), ids), Expect.answered(2)),
                form(
                        "HTTP 503 always",
                        ids -> always(aResponse().withStatus(503).withBody("Service Unavailable")),
                        Expect.all("failed", "HTTP 503", "503", 3)),
                // a refused token, once: renewed, the call repeated
                form(
                        "HTTP 401 with a JSON body, once",
                        ids -> once(
                                aResponse()
                                        .withStatus(401)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"status\":false,\"error_code\":67200003,\"error_msg\":\"expired\"}"),
                                ids),
                        Expect.answered(2)),
                form(
                        "HTTP 401 without a body, once",
                        ids -> once(aResponse().withStatus(401), ids),
                        Expect.answered(2)),
                // answers that are not the documented envelope: PROTOCOL, retried a bounded number of times
                form(
                        "no data",
                        ids -> always(okJson("{\"status\":true,\"error_code\":0}")),
                        Expect.all("failed", "PROTOCOL", "no data array", 3)),
                form(
                        "data null",
                        ids -> always(okJson("{\"status\":true,\"error_code\":0,\"data\":null}")),
                        Expect.all("failed", "PROTOCOL", "no data array", 3)),
                form(
                        "data an object",
                        ids -> always(okJson("{\"status\":true,\"error_code\":0,\"data\":{\"pn\":\"x\"}}")),
                        Expect.all("failed", "PROTOCOL", "data is not an array", 3)),
                form(
                        "items not objects",
                        ids -> always(okJson("{\"status\":true,\"error_code\":0,\"data\":[\"" + ids[0] + "\"]}")),
                        Expect.all("failed", "PROTOCOL", "not an object", 3)),
                form(
                        "result field not an array",
                        ids -> always(okJson("{\"status\":true,\"error_code\":0,\"data\":["
                                + item(ids[0], "{\"licensor\":\"A\"}") + "]}")),
                        Expect.all("failed", "PROTOCOL", "not an array", 3)),
                form(
                        "result field missing",
                        ids -> always(
                                okJson("{\"status\":true,\"error_code\":0,\"data\":[{\"pn\":\"" + ids[0] + "\"}]}")),
                        Expect.all("failed", "PROTOCOL", "has no patent_license_data", 3)),
                form(
                        "HTML with HTTP 200",
                        ids -> always(aResponse()
                                .withStatus(200)
                                .withHeader("Content-Type", "text/html")
                                .withBody("<html><body>maintenance</body></html>")),
                        Expect.all("failed", "PROTOCOL", "not JSON", 3)),
                // caps
                form(
                        "answer over patsnap.http.max-answer-bytes (decompressed)",
                        ids -> always(okJson("{\"status\":true,\"error_code\":0,\"data\":["
                                + item(ids[0], "[{\"note\":\"" + "a".repeat(200_000) + "\"}]") + "]}")),
                        Expect.all("failed", "ANSWER_TOO_LARGE", "65536", 1)),
                form(
                        "JSON nested deeper than patsnap.http.max-json-depth",
                        ids -> always(okJson("{\"status\":true,\"error_code\":0,\"data\":["
                                + item(ids[0], "[" + "[".repeat(200) + "]".repeat(200) + "]") + "]}")),
                        Expect.all("failed", "ANSWER_TOO_LARGE", "max-json-depth", 1)),
                form(
                        "redirect",
                        ids -> always(aResponse().withStatus(302).withHeader("Location", api.baseUrl() + "/elsewhere")),
                        Expect.all("failed", "HTTP 302", "not followed", 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answerForms")
    void everyAnswerFormEndsAsTheContractSays(String form, Stubs stubs, Expect expect) {
        String[] ids = ids();
        tokenStub();
        stubs.apply(ids);
        api.stubFor(get("/elsewhere").willReturn(okJson(success(ids, "\"status\":true"))));
        String source = "case-" + cases.get() + ".txt";

        List<JsonNode> ledger;
        try (LogCapture log = LogCapture.attach()) {
            workspace.drop(source, String.join("\n", ids));
            workspace.awaitReport(source, Duration.ofSeconds(30));
            ledger = ledger(source);
            assertNoSecretIn(log);
        }

        assertThat(ledger).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode line = line(ledger, ids[i]);
            assertThat(line.get("status").asText())
                    .as(line.toString())
                    .isEqualTo(expect.statuses().get(i));
            if (expect.errorCode() != null) {
                assertThat(line.get("error_code").asText()).isEqualTo(expect.errorCode());
                assertThat(line.get("error").asText()).contains(expect.errorContains());
            }
        }
        assertThat(businessCalls()).as("calls WireMock saw").hasSize(expect.calls());
        assertThat(api.findAll(getRequestedFor(urlPathEqualTo("/elsewhere"))))
                .as("redirect followed")
                .isEmpty();
        assertHeadersOfEveryCall();
    }

    static Stream<Arguments> stops() {
        return Stream.of(
                Arguments.of(
                        "HTTP 401 with a JSON body",
                        aResponse()
                                .withStatus(401)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"status\":false,\"error_code\":67200003,\"error_msg\":\"token invalid\"}"),
                        "account-stopped"),
                Arguments.of("HTTP 401 without a body", aResponse().withStatus(401), "account-stopped"),
                Arguments.of(
                        "67200003 with HTTP 200",
                        okJson("{\"status\":false,\"error_code\":67200003,\"error_msg\":\"x\"}"),
                        "account-stopped"),
                Arguments.of(
                        "HTTP 403 with a JSON body",
                        aResponse()
                                .withStatus(403)
                                .withBody("{\"status\":false,\"error_code\":67200004,\"error_msg\":\"no permission\"}"),
                        "endpoint-stopped"),
                Arguments.of("HTTP 403 without a body", aResponse().withStatus(403), "endpoint-stopped"),
                Arguments.of(
                        "HTTP 404 with a JSON body",
                        aResponse()
                                .withStatus(404)
                                .withBody(
                                        "{\"status\":false,\"error_code\":67200101,\"error_msg\":\"path not found\"}"),
                        "endpoint-stopped"),
                Arguments.of(
                        "HTTP 404 without a body",
                        aResponse().withStatus(404).withBody("Not Found"),
                        "endpoint-stopped"));
    }

    /** Refusals that stop the account (a renewed token refused too) or the endpoint: work waits, never failed. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stops")
    void refusalsStopAndParkInsteadOfFailing(String form, ResponseDefinitionBuilder refusal, String alert) {
        String[] ids = ids();
        tokenStub();
        always(refusal);
        String source = "stop-" + cases.get() + ".txt";
        int alertsBefore = alerts().size();

        try (LogCapture log = LogCapture.attach()) {
            workspace.drop(source, String.join("\n", ids));
            await().atMost(Duration.ofSeconds(20)).until(() -> alerts().size() > alertsBefore);
            assertThat(alerts().get(alertsBefore)).isEqualTo(alert);
            await().during(Duration.ofMillis(1000))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> ledger(source).isEmpty());

            api.resetAll();
            tokenStub();
            always(okJson(success(ids, "\"status\":true,\"error_code\":0")));

            workspace.awaitReport(source, Duration.ofSeconds(30));
            assertNoSecretIn(log);
        }
        List<JsonNode> ledger = ledger(source);
        assertThat(ledger).hasSize(3);
        assertThat(ledger.stream().map(l -> l.get("status").asText()).toList())
                .containsExactlyInAnyOrder("found", "empty", "not_found");
        assertThat(alerts().get(alerts().size() - 1)).endsWith("-resumed");
        assertHeadersOfEveryCall();
        assertThat(settledHeaders)
                .isNotEmpty()
                .allSatisfy(headers -> assertThat(headers.keySet())
                        .noneMatch(h -> h.equalsIgnoreCase("Authorization") || h.equalsIgnoreCase("CamelHttpQuery")));
    }

    /** A Retry-After of 1 s is the least wait before the call is repeated (the back-off alone is 20 ms). */
    @org.junit.jupiter.api.Test
    void retryAfterIsTheLeastWaitBeforeTheCallIsRepeated() {
        String[] ids = ids();
        tokenStub();
        once(aResponse().withStatus(429).withHeader("Retry-After", "1"), ids);
        String source = "retry-after-" + cases.get() + ".txt";

        workspace.drop(source, String.join("\n", ids));
        workspace.awaitReport(source, Duration.ofSeconds(30));

        assertThat(ledger(source).stream().map(l -> l.get("status").asText()).toList())
                .containsExactlyInAnyOrder("found", "empty", "not_found");
        List<LoggedRequest> calls = businessCalls();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).getLoggedDate().getTime()
                        - calls.get(0).getLoggedDate().getTime())
                .isGreaterThanOrEqualTo(950);
    }

    // --- stubs, built from the documented examples ---

    static Arguments form(String name, Stubs stubs, Expect expect) {
        return Arguments.of(name, stubs, expect);
    }

    /** {@code [found, empty, missing]}: new patent numbers for each case. */
    static String[] ids() {
        int n = cases.incrementAndGet();
        return new String[] {
            "US" + (11_205_000 + n * 10) + "B2",
            "US" + (11_205_001 + n * 10) + "B2",
            "US" + (11_205_002 + n * 10) + "B2"
        };
    }

    static void tokenStub() {
        api.stubFor(post("/oauth/token")
                .willReturn(
                        okJson("{\"status\":true,\"data\":{\"token\":\"" + TOKEN + "\",\"expires_in\":\"1799\"}}")));
    }

    static void always(ResponseDefinitionBuilder answer) {
        api.stubFor(get(urlPathEqualTo(LICENSE)).willReturn(answer));
    }

    /** The first call gets {@code first}, every later one the documented success. */
    static void once(ResponseDefinitionBuilder first, String[] ids) {
        api.stubFor(get(urlPathEqualTo(LICENSE))
                .inScenario("once")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(first)
                .willSetStateTo("answered"));
        api.stubFor(get(urlPathEqualTo(LICENSE))
                .inScenario("once")
                .whenScenarioStateIs("answered")
                .willReturn(okJson(success(ids, "\"status\":true,\"error_code\":0"))));
    }

    // --- checks ---

    static List<LoggedRequest> businessCalls() {
        return api.findAll(getRequestedFor(urlPathEqualTo(LICENSE)));
    }

    /**
     * Every call carries the version header, the User-Agent naming the bundle and the node (the node id made
     * header-safe), the bearer token and apikey=<client id>; the token request the version and the User-Agent.
     */
    static void assertHeadersOfEveryCall() {
        String userAgent = "patsnap-camel/" + UserAgent.version() + " (node-a__X-Injected__1)";
        assertThat(UserAgent.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(businessCalls()).isNotEmpty().allSatisfy(call -> {
            assertThat(call.getHeader("X-PatSnap-Version")).isEqualTo("1.0");
            assertThat(call.getHeader("User-Agent")).isEqualTo(userAgent);
            assertThat(call.getHeader("X-Injected")).isNull();
            assertThat(call.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
            assertThat(call.queryParameter("apikey").firstValue()).isEqualTo("contract-client");
        });
        assertThat(api.findAll(postRequestedFor(urlPathEqualTo("/oauth/token"))))
                .allSatisfy(t -> assertThat(t.getHeader("X-PatSnap-Version")).isEqualTo("1.0"))
                .allSatisfy(t -> assertThat(t.getHeader("User-Agent")).isEqualTo(userAgent));
        assertThat(api.findAll(anyRequestedFor(urlPathEqualTo("/elsewhere")))).isEmpty();
    }

    static void assertNoSecretIn(LogCapture log) {
        assertThat(log.texts())
                .isNotEmpty()
                .noneMatch(
                        t -> t.contains(SECRET) || t.contains(TOKEN) || t.contains("Bearer ") || t.contains("Basic "));
    }

    static JsonNode line(List<JsonNode> ledger, String id) {
        return ledger.stream()
                .filter(l -> l.get("query").asText().equals(id))
                .findFirst()
                .orElseThrow();
    }

    static List<JsonNode> ledger(String source) {
        return workspace.ledger("license").stream()
                .filter(l -> l.get("source").asText().equals(source))
                .toList();
    }

    static List<String> alerts() {
        return ApiAnswers.alerts(workspace);
    }

    /** Records the headers of every exchange sent to the ledger or to give-up: the credential must be gone by then. */
    static final class HeaderWatch extends EventNotifierSupport {
        static final Set<String> WATCHED = Set.of("direct://ledger-settle", "direct://batch-give-up");

        @Override
        public void notify(CamelEvent event) {
            if (event instanceof CamelEvent.ExchangeSendingEvent sending
                    && WATCHED.contains(sending.getEndpoint().getEndpointUri())) {
                settledHeaders.add(new java.util.HashMap<>(
                        sending.getExchange().getMessage().getHeaders()));
            }
        }

        @Override
        public boolean isEnabled(CamelEvent event) {
            return event instanceof CamelEvent.ExchangeSendingEvent;
        }
    }
}
