package dev.patsnapcamel.sandbox;

import static dev.patsnapcamel.sandbox.SandboxHttp.LICENSE;
import static dev.patsnapcamel.sandbox.SandboxHttp.LITIGATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The QPS limit and latency switches. */
class LoadTest {

    private static final String QUERY = "patent_number=US11205304B2";

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

    @Test
    void callsBeyondTheQpsLimitAreRateLimitedAtOnce() {
        settings.qpsLimit(10);

        List<Long> codes = errorCodes(fireAtOnce(15, LICENSE));

        assertThat(codes).filteredOn(code -> code == 67200002L).hasSize(5);
        assertThat(codes).filteredOn(code -> code == 0L).hasSize(10);
        assertThat(sandbox.stats().rateLimited()).isEqualTo(5);
        assertThat(sandbox.stats().totalCalls()).isEqualTo(15);
    }

    @Test
    void theQpsWindowSlides() {
        settings.qpsLimit(2);
        assertThat(errorCodes(fireAtOnce(3, LITIGATION))).containsOnlyOnce(67200002L);

        await().atMost(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> http.getJson(LITIGATION, QUERY).get("error_code").asLong() == 0L);
    }

    @Test
    void tokenRequestsDoNotCountTowardsTheQpsLimit() {
        settings.qpsLimit(1);
        http.requestToken(SandboxSettings.DEFAULT_CLIENT_ID, SandboxSettings.DEFAULT_CLIENT_SECRET);
        http.requestToken(SandboxSettings.DEFAULT_CLIENT_ID, SandboxSettings.DEFAULT_CLIENT_SECRET);

        assertThat(http.getJson(LICENSE, QUERY).get("error_code").asLong()).isZero();
    }

    @Test
    void slowCallsWaitWithoutHoldingAThreadEach() {
        settings.latencyMs(300);

        List<HttpResponse<String>> responses = fireAtOnce(120, LICENSE);

        assertThat(responses)
                .allSatisfy(response -> assertThat(
                                SandboxHttp.json(response).get("status").asBoolean())
                        .isTrue());
        assertThat(sandbox.stats().peakInFlight()).isGreaterThanOrEqualTo(100);
        assertThat(sandbox.stats().inFlight()).isZero();
    }

    @Test
    void aCallTakesAtLeastTheLatencyLessJitter() {
        settings.latencyMs(250).latencyJitterMs(50);
        long start = System.nanoTime();

        http.getJson(LICENSE, QUERY);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void rateLimitedCallsAnswerWithoutTheLatency() {
        settings.qpsLimit(1).latencyMs(5_000);
        CompletableFuture<HttpResponse<String>> slow = http.getAsync(LICENSE, QUERY, SandboxHttp.API_KEY_AUTH);
        await().atMost(Duration.ofSeconds(2)).until(() -> sandbox.stats().inFlight() == 1);

        long start = System.nanoTime();
        long code = http.getJson(LICENSE, QUERY).get("error_code").asLong();

        assertThat(code).isEqualTo(67200002L);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
        assertThat(slow).isNotDone();
    }

    private List<HttpResponse<String>> fireAtOnce(int count, String path) {
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, count)
                .mapToObj(i -> http.getAsync(path, QUERY, SandboxHttp.API_KEY_AUTH))
                .toList();
        return calls.stream().map(CompletableFuture::join).toList();
    }

    private static List<Long> errorCodes(List<HttpResponse<String>> responses) {
        return responses.stream()
                .map(response -> SandboxHttp.json(response).get("error_code").asLong())
                .toList();
    }
}
