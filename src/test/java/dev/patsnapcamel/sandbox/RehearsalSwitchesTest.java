package dev.patsnapcamel.sandbox;

import static dev.patsnapcamel.sandbox.SandboxHttp.CUSTOMS;
import static dev.patsnapcamel.sandbox.SandboxHttp.LICENSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The real-service rehearsal switches over HTTP against a real sandbox, each set both ways: on the
 * settings (as the configuration does) and through {@code POST /_sandbox/inject}.
 */
class RehearsalSwitchesTest {

    private static final String QUERY = "patent_number=US11205304B2,CN1394453A,JP4627367B2";

    private SandboxSettings settings;
    private SandboxServer sandbox;
    private SandboxHttp http;

    @BeforeEach
    void start() {
        settings = new SandboxSettings();
        sandbox = new SandboxServer(settings).start();
        http = new SandboxHttp(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    /** A switch set on the settings, or the same switch set over HTTP. */
    static Stream<Arguments> ways() {
        return Stream.of(Arguments.of("settings"), Arguments.of("inject"));
    }

    private void set(String way, Consumer<SandboxSettings> onSettings, String injectQuery) {
        if (way.equals("settings")) {
            onSettings.accept(settings);
        } else {
            HttpResponse<String> response = http.post("/_sandbox/inject?" + injectQuery, "", null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @MethodSource("ways")
    void theTokenAnswerCanBeWrappedWithExpiresInAsAString(String way) {
        assertThat(http.requestToken(SandboxSettings.DEFAULT_CLIENT_ID, SandboxSettings.DEFAULT_CLIENT_SECRET)
                        .get("token")
                        .isTextual())
                .as("flat by default")
                .isTrue();
        set(way, s -> s.tokenAnswer(SandboxSettings.TokenAnswer.WRAPPED), "token-answer=wrapped");
        long before = System.currentTimeMillis();

        JsonNode answer = http.requestToken(SandboxSettings.DEFAULT_CLIENT_ID, SandboxSettings.DEFAULT_CLIENT_SECRET);

        assertThat(names(answer)).containsExactly("status", "error_code", "data");
        assertThat(answer.get("status").asBoolean()).isTrue();
        assertThat(answer.get("error_code").isInt()).isTrue();
        assertThat(answer.get("error_code").asInt()).isZero();
        JsonNode data = answer.get("data");
        assertThat(names(data)).containsExactly("token", "expires_in", "token_type", "issued_at");
        assertThat(data.get("expires_in").isTextual()).isTrue();
        assertThat(data.get("expires_in").asText()).isEqualTo("1799");
        assertThat(data.get("token_type").asText()).isEqualTo("BearerToken");
        assertThat(data.get("issued_at").isTextual()).isTrue();
        assertThat(Long.parseLong(data.get("issued_at").asText()))
                .isBetween(before - 1, System.currentTimeMillis() + 1);
        JsonNode call = SandboxHttp.json(http.get(
                LICENSE,
                QUERY + "&apikey=" + SandboxSettings.DEFAULT_CLIENT_ID,
                "Bearer " + data.get("token").asText()));
        assertThat(call.get("error_code").asInt()).as("the wrapped token works").isZero();
        assertThat(call.get("data")).hasSize(3);
    }

    @ParameterizedTest
    @MethodSource("ways")
    void overTheQpsLimitTheAnswerCanBeHttp429WithRetryAfter(String way) {
        settings.qpsLimit(1);
        set(
                way,
                s -> s.rateLimitAnswer(SandboxSettings.RateLimitAnswer.HTTP_429).retryAfterSeconds(2),
                "rate-limit-answer=http-429&retry-after=2");

        List<HttpResponse<String>> answers = burst(6);

        List<HttpResponse<String>> limited =
                answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(limited).isNotEmpty();
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 429));
        for (HttpResponse<String> response : limited) {
            assertThat(response.headers().firstValue("Retry-After")).contains("2");
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(SandboxHttp.json(response).get("error_code").asLong()).isEqualTo(67200002L);
            assertThat(SandboxHttp.json(response).get("status").asBoolean()).isFalse();
        }
        assertThat(answers)
                .filteredOn(r -> r.statusCode() == 200)
                .allSatisfy(
                        r -> assertThat(SandboxHttp.json(r).get("error_code").asInt())
                                .isZero());
        assertThat(sandbox.stats().rateLimited()).isEqualTo(limited.size());
    }

    @Test
    void aRetryAfterOfZeroSendsNoHeaderAndTheDefaultStaysTheBodyCode() {
        settings.qpsLimit(1);
        assertThat(burst(6))
                .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200))
                .anySatisfy(
                        r -> assertThat(SandboxHttp.json(r).get("error_code").asLong())
                                .isEqualTo(67200002L));

        settings.rateLimitAnswer(SandboxSettings.RateLimitAnswer.HTTP_429).retryAfterSeconds(0);
        List<HttpResponse<String>> limited =
                burst(6).stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(limited)
                .isNotEmpty()
                .allSatisfy(
                        r -> assertThat(r.headers().firstValue("Retry-After")).isEmpty());
    }

    @Test
    void anInjected429CarriesRetryAfter() {
        settings.injectHttpStatus(CUSTOMS, 429, 1);

        HttpResponse<String> response = http.get(CUSTOMS, QUERY, SandboxHttp.API_KEY_AUTH);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
    }

    @Test
    void theSkKeyIsAcceptedAsQueryParameterWithoutAuthorization() {
        HttpResponse<String> response = http.get(LICENSE, QUERY + "&apikey=" + SandboxSettings.DEFAULT_API_KEY, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SandboxHttp.json(response).get("error_code").asInt()).isZero();
        assertThat(SandboxHttp.json(response).get("data")).hasSize(3);
        JsonNode wrongKey = SandboxHttp.json(http.get(LICENSE, QUERY + "&apikey=sk-wrong", null));
        assertThat(wrongKey.get("error_code").asLong()).isEqualTo(67200003L);
        assertThat(http.get(LICENSE, QUERY + "&apikey=" + SandboxSettings.DEFAULT_CLIENT_ID, null)
                        .statusCode())
                .as("a client id is no key")
                .isEqualTo(401);
    }

    @ParameterizedTest
    @MethodSource("ways")
    void theSkKeyInTheQueryCanBeRefused(String way) {
        set(way, s -> s.apiKeyInQuery(false), "api-key-in-query=false");

        assertThat(http.get(LICENSE, QUERY + "&apikey=" + SandboxSettings.DEFAULT_API_KEY, null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(SandboxHttp.json(http.get(LICENSE, QUERY, SandboxHttp.API_KEY_AUTH))
                        .get("error_code")
                        .asInt())
                .as("the bearer form still works")
                .isZero();
    }

    /** HTTP error answers: how to provoke each, its status and the code of its JSON body. */
    static Stream<Arguments> httpErrors() {
        return Stream.of(
                Arguments.of("no Authorization", 401, 67200003L),
                Arguments.of("POST to a data path", 405, 67200012L),
                Arguments.of("token request without Basic", 401, 67200003L),
                Arguments.of("GET of the token path", 405, 67200012L),
                Arguments.of("injected 401", 401, 67200003L),
                Arguments.of("injected 403", 403, 67200004L),
                Arguments.of("injected 404", 404, 67200101L),
                Arguments.of("injected 405", 405, 67200012L),
                Arguments.of("injected 500", 500, 67200000L),
                Arguments.of("injected 503", 503, 68300008L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("httpErrors")
    void httpErrorsCanCarryTheJsonEnvelope(String how, int status, long code) {
        settings.errorBodies(SandboxSettings.ErrorBodies.JSON);

        HttpResponse<String> response = provoke(how);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = SandboxHttp.json(response);
        assertThat(names(body)).containsExactly("status", "error_code", "error_msg");
        assertThat(body.get("status").asBoolean()).isFalse();
        assertThat(body.get("error_code").asLong()).isEqualTo(code);
        assertThat(body.get("error_msg").asText()).isEqualTo(ErrorCodes.message(code));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("httpErrors")
    void httpErrorsArePlainTextByDefault(String how, int status, long code) {
        HttpResponse<String> response = provoke(how);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    }

    @Test
    void jsonErrorBodiesCanBeSwitchedOverHttp() {
        assertThat(http.post("/_sandbox/inject?error-bodies=json", "", null).statusCode())
                .isEqualTo(200);
        assertThat(SandboxHttp.json(http.get(LICENSE, QUERY, null))
                        .get("error_code")
                        .asLong())
                .isEqualTo(67200003L);
        assertThat(http.post("/_sandbox/inject?error-bodies=plain", "", null).statusCode())
                .isEqualTo(200);
        assertThat(http.get(LICENSE, QUERY, null).body()).isEqualTo("Unauthorized");
    }

    @Test
    void theVersionHeaderOfPatSnapsScriptsIsTolerated() {
        HttpResponse<String> response = http.get(LICENSE, QUERY, SandboxHttp.API_KEY_AUTH, "X-PatSnap-Version", "1.0");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SandboxHttp.json(response).get("data")).hasSize(3);
        assertThat(SandboxHttp.json(http.get(
                                LICENSE,
                                QUERY + "&apikey=" + SandboxSettings.DEFAULT_API_KEY,
                                null,
                                "X-PatSnap-Version",
                                "1.0"))
                        .get("error_code")
                        .asInt())
                .isZero();
    }

    @Test
    void theRealisticProfileDrawsFiveSecondsWithATailTimeOutsAndBusyAnswers() {
        SplittableRandom random = new SplittableRandom(7);
        int draws = 200_000;
        long normal = 0;
        long tail = 0;
        long timeOuts = 0;
        long busy = 0;
        double normalSum = 0;
        for (int i = 0; i < draws; i++) {
            RealisticProfile.Draw draw = RealisticProfile.draw(random, 1.0);
            long ms = draw.delayMs();
            if (ms == 35_000) {
                timeOuts++;
            } else if (ms >= 9_000 && ms <= 10_000) {
                tail++;
            } else {
                assertThat(ms).isBetween(3_000L, 7_000L);
                normal++;
                normalSum += ms;
            }
            busy += draw.busy() ? 1 : 0;
        }
        assertThat(normalSum / normal).isBetween(4_950.0, 5_050.0);
        assertThat(100.0 * tail / draws).isBetween(1.8, 2.2);
        assertThat(100.0 * timeOuts / draws).isBetween(0.4, 0.6);
        assertThat(100.0 * busy / draws).isBetween(0.9, 1.1);
        assertThat(RealisticProfile.draw(new SplittableRandom(7), 0.01).delayMs())
                .isEqualTo(Math.round(
                        RealisticProfile.draw(new SplittableRandom(7), 1.0).delayMs() * 0.01));
    }

    @Test
    void theRealisticProfileAnswersDataOrBusyAtTheScaledPace() {
        set("inject", null, "profile=realistic&time-scale=0.002");
        JsonNode switches = SandboxHttp.json(http.get("/_sandbox/switches", null, null));
        assertThat(switches.get("profile").asText()).isEqualTo("realistic");
        assertThat(switches.get("time-scale").asDouble()).isEqualTo(0.002);

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(http.getAsync(LICENSE, "patent_number=US1" + (1_000_000 + i) + "B2", SandboxHttp.API_KEY_AUTH));
        }
        List<Long> codes = calls.stream()
                .map(CompletableFuture::join)
                .map(r -> {
                    assertThat(r.statusCode()).isEqualTo(200);
                    return SandboxHttp.json(r).get("error_code").asLong();
                })
                .toList();
        assertThat(codes).allSatisfy(code -> assertThat(code).isIn(0L, 67200100L));
        assertThat(codes).filteredOn(code -> code == 0L).hasSizeGreaterThan(180);
    }

    @Test
    void theRealisticProfileKeepsTheSandboxsQpsLimit() {
        settings.profile(SandboxSettings.Profile.REALISTIC).timeScale(0.001).qpsLimit(1);

        List<Long> codes = burst(6).stream()
                .map(r -> SandboxHttp.json(r).get("error_code").asLong())
                .toList();

        assertThat(codes)
                .contains(67200002L)
                .allSatisfy(code -> assertThat(code).isIn(0L, 67200002L, 67200100L));
        assertThat(sandbox.stats().rateLimited()).isPositive();
    }

    @Test
    void switchesComeFromTheConfigurationByName() throws Exception {
        Properties file = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("config/application.properties"))) {
            file.load(in);
        }
        SandboxSettings configured = new SandboxSettings();
        int set = SandboxSwitches.apply(configured, name -> file.getProperty("patsnap.sandbox." + name));
        assertThat(set).as("every switch has its default in the configuration").isEqualTo(SandboxSwitches.NAMES.size());
        assertThat(SandboxSwitches.current(configured)).isEqualTo(SandboxSwitches.current(new SandboxSettings()));

        Map<String, String> rehearsal = Map.of(
                "token-answer",
                "wrapped",
                "rate-limit-answer",
                "http-429",
                "retry-after",
                "3",
                "api-key-in-query",
                "false",
                "error-bodies",
                "json",
                "profile",
                "realistic",
                "time-scale",
                "0.5");
        SandboxSwitches.apply(configured, rehearsal::get);
        assertThat(configured.tokenAnswer()).isEqualTo(SandboxSettings.TokenAnswer.WRAPPED);
        assertThat(configured.rateLimitAnswer()).isEqualTo(SandboxSettings.RateLimitAnswer.HTTP_429);
        assertThat(configured.retryAfterSeconds()).isEqualTo(3);
        assertThat(configured.apiKeyInQuery()).isFalse();
        assertThat(configured.errorBodies()).isEqualTo(SandboxSettings.ErrorBodies.JSON);
        assertThat(configured.profile()).isEqualTo(SandboxSettings.Profile.REALISTIC);
        assertThat(configured.timeScale()).isEqualTo(0.5);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "token-answer=round",
                "rate-limit-answer=429",
                "retry-after=-1",
                "api-key-in-query=yes",
                "error-bodies=html",
                "profile=slow",
                "time-scale=0",
                "time-scale=abc"
            })
    void aBadSwitchValueIsRefusedNamingTheSwitch(String assignment) {
        String name = assignment.substring(0, assignment.indexOf('='));
        String value = assignment.substring(assignment.indexOf('=') + 1);
        assertThatThrownBy(() -> SandboxSwitches.apply(new SandboxSettings(), n -> n.equals(name) ? value : null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("patsnap.sandbox." + name);
        HttpResponse<String> response = http.post("/_sandbox/inject?" + assignment, "", null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains(name);
        assertThat(SandboxSwitches.current(settings)).isEqualTo(SandboxSwitches.current(new SandboxSettings()));
    }

    private HttpResponse<String> provoke(String how) {
        if (how.startsWith("injected ")) {
            settings.injectHttpStatus(CUSTOMS, Integer.parseInt(how.substring("injected ".length())), 1);
            return http.get(CUSTOMS, QUERY, SandboxHttp.API_KEY_AUTH);
        }
        return switch (how) {
            case "no Authorization" -> http.get(LICENSE, QUERY, null);
            case "POST to a data path" -> http.post(LICENSE, QUERY, SandboxHttp.API_KEY_AUTH);
            case "token request without Basic" -> http.post("/oauth/token", "grant_type=client_credentials", null);
            case "GET of the token path" -> http.get("/oauth/token", null, null);
            default -> throw new IllegalArgumentException(how);
        };
    }

    /** {@code n} calls sent at once. */
    private List<HttpResponse<String>> burst(int n) {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(http.getAsync(LICENSE, QUERY, SandboxHttp.API_KEY_AUTH));
        }
        return calls.stream().map(CompletableFuture::join).toList();
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
