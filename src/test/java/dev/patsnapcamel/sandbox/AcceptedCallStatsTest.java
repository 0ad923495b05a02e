package dev.patsnapcamel.sandbox;

import static dev.patsnapcamel.sandbox.SandboxHttp.LICENSE;
import static dev.patsnapcamel.sandbox.SandboxHttp.LITIGATION;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The accepted-call statistics: first and last arrival, and the most calls in any sliding second. */
class AcceptedCallStatsTest {

    private static final long T0_MILLIS = 1_700_000_000_000L;
    private static final String QUERY = "patent_number=US11205304B2";

    /** Feeds {@link SandboxStats#callAccepted} with made-up times: exact, and no waiting. */
    @Nested
    class Counting {

        private final SandboxStats stats = new SandboxStats();

        /** An accepted call arriving and admitted {@code ms} (may be fractional) after T0. */
        private void acceptAt(double ms) {
            stats.callAccepted(T0_MILLIS + (long) ms, (long) (ms * 1_000_000));
        }

        @Test
        void allZeroBeforeTheFirstCall() {
            assertThat(stats.acceptedCalls()).isZero();
            assertThat(stats.firstCallAtMillis()).isZero();
            assertThat(stats.lastCallAtMillis()).isZero();
            assertThat(stats.maxCallsInAnySecond()).isZero();
            assertThat(stats.toMap())
                    .containsEntry("acceptedCalls", 0L)
                    .containsEntry("firstCallAtMillis", 0L)
                    .containsEntry("lastCallAtMillis", 0L)
                    .containsEntry("maxCallsInAnySecond", 0);
        }

        @Test
        void oneCallIsFirstAndLast() {
            acceptAt(250);

            assertThat(stats.acceptedCalls()).isEqualTo(1);
            assertThat(stats.firstCallAtMillis()).isEqualTo(T0_MILLIS + 250);
            assertThat(stats.lastCallAtMillis()).isEqualTo(T0_MILLIS + 250);
            assertThat(stats.maxCallsInAnySecond()).isEqualTo(1);
        }

        @Test
        void firstAndLastAreTheEarliestAndLatestArrival() {
            stats.callAccepted(T0_MILLIS + 10, 1_000);
            stats.callAccepted(T0_MILLIS + 7, 2_000); // arrived earlier, admitted later
            stats.callAccepted(T0_MILLIS + 9_000, 3_000);

            assertThat(stats.acceptedCalls()).isEqualTo(3);
            assertThat(stats.firstCallAtMillis()).isEqualTo(T0_MILLIS + 7);
            assertThat(stats.lastCallAtMillis()).isEqualTo(T0_MILLIS + 9_000);
        }

        @Test
        void theWindowSlidesAndCallsAFullSecondApartAreInDifferentSeconds() {
            // windows ending at each call: {0} {0,500} {0,500,999} {500,999,1000} {999,1000,1500}
            // {999,1000,1500,1998} {1000,1500,1998,1999}: at most 4
            for (double ms : new double[] {0, 500, 999, 1000, 1500, 1998, 1999}) {
                acceptAt(ms);
            }

            assertThat(stats.maxCallsInAnySecond()).isEqualTo(4);
        }

        @Test
        void callsJustUnderASecondApartShareAWindow() {
            acceptAt(0);
            acceptAt(999.999);
            assertThat(stats.maxCallsInAnySecond()).isEqualTo(2);

            acceptAt(1_999.999); // exactly 1000 ms after the previous one: 0 and 999.999 have left
            assertThat(stats.maxCallsInAnySecond()).isEqualTo(2);
        }

        @Test
        void aSteadyRateOfTwentyPerSecondGivesTwenty() {
            IntStream.range(0, 400).forEach(i -> acceptAt(i * 50));

            assertThat(stats.acceptedCalls()).isEqualTo(400);
            assertThat(stats.maxCallsInAnySecond()).isEqualTo(20);
            assertThat(stats.lastCallAtMillis() - stats.firstCallAtMillis()).isEqualTo(399 * 50);
        }

        @Test
        void aBurstIsRememberedAfterTheRateFalls() {
            IntStream.range(0, 30).forEach(i -> acceptAt(10_000 + i));
            IntStream.range(0, 20).forEach(i -> acceptAt(20_000 + i * 1_000));

            assertThat(stats.maxCallsInAnySecond()).isEqualTo(30);
        }

        @Test
        void anAdmissionTimeThatGoesBackIsTakenAsTheNewestOne() {
            acceptAt(0);
            acceptAt(900);
            acceptAt(800); // counted at 900
            acceptAt(1_850); // 0 left at 1000; 900 and "800" (900) leave at 1900

            assertThat(stats.maxCallsInAnySecond()).isEqualTo(3);
            acceptAt(1_900);
            assertThat(stats.maxCallsInAnySecond()).isEqualTo(3);
        }

        @Test
        void resetForgetsTheAcceptedCalls() {
            IntStream.range(0, 5).forEach(i -> acceptAt(i));

            stats.reset();

            assertThat(stats.acceptedCalls()).isZero();
            assertThat(stats.firstCallAtMillis()).isZero();
            assertThat(stats.lastCallAtMillis()).isZero();
            assertThat(stats.maxCallsInAnySecond()).isZero();
            acceptAt(3); // within the second of the forgotten calls: they no longer count
            assertThat(stats.maxCallsInAnySecond()).isEqualTo(1);
            assertThat(stats.firstCallAtMillis()).isEqualTo(T0_MILLIS + 3);
        }

        @Test
        void concurrentCallsAreAllCounted() throws Exception {
            int threads = 8;
            int callsEach = 2_000;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> done = IntStream.range(0, threads)
                        .<Future<?>>mapToObj(t -> pool.submit(() -> {
                            go.await();
                            for (int i = 0; i < callsEach; i++) {
                                stats.callAccepted(T0_MILLIS + t, 42);
                            }
                            return null;
                        }))
                        .toList();
                go.countDown();
                for (Future<?> future : done) {
                    future.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(stats.acceptedCalls()).isEqualTo(threads * callsEach);
            assertThat(stats.maxCallsInAnySecond()).isEqualTo(threads * callsEach);
            assertThat(stats.firstCallAtMillis()).isEqualTo(T0_MILLIS);
            assertThat(stats.lastCallAtMillis()).isEqualTo(T0_MILLIS + threads - 1);
        }
    }

    /** Through the HTTP server: what is an accepted call, and what {@code GET /_sandbox/stats} serves. */
    @Nested
    class OverHttp {

        @Test
        void rateLimitedAndRefusedCallsAreNotAccepted() {
            SandboxSettings settings = new SandboxSettings().qpsLimit(10);
            try (SandboxServer sandbox = new SandboxServer(settings).start()) {
                SandboxHttp http = new SandboxHttp(sandbox);
                long before = System.currentTimeMillis();

                List<HttpResponse<String>> answers = IntStream.range(0, 15)
                        .mapToObj(i -> http.getAsync(LICENSE, QUERY, SandboxHttp.API_KEY_AUTH))
                        .toList()
                        .stream()
                        .map(CompletableFuture::join)
                        .toList();
                http.get(LITIGATION, QUERY, null); // no credentials: refused before the QPS limit
                long after = System.currentTimeMillis();

                assertThat(answers)
                        .extracting(answer ->
                                SandboxHttp.json(answer).get("error_code").asLong())
                        .containsOnly(0L, 67200002L);
                SandboxStats stats = sandbox.stats();
                assertThat(stats.totalCalls()).isEqualTo(16);
                assertThat(stats.rateLimited()).isEqualTo(5);
                assertThat(stats.acceptedCalls()).isEqualTo(10);
                assertThat(stats.maxCallsInAnySecond()).isEqualTo(10);
                assertThat(stats.firstCallAtMillis()).isBetween(before, after);
                assertThat(stats.lastCallAtMillis()).isBetween(stats.firstCallAtMillis(), after);

                JsonNode served = SandboxHttp.json(http.get("/_sandbox/stats", null, null));
                assertThat(served.get("acceptedCalls").asLong()).isEqualTo(10);
                assertThat(served.get("maxCallsInAnySecond").asInt()).isEqualTo(10);
                assertThat(served.get("firstCallAtMillis").asLong()).isEqualTo(stats.firstCallAtMillis());
                assertThat(served.get("lastCallAtMillis").asLong()).isEqualTo(stats.lastCallAtMillis());

                http.post("/_sandbox/reset", "", null);
                JsonNode afterReset = SandboxHttp.json(http.get("/_sandbox/stats", null, null));
                assertThat(afterReset.get("acceptedCalls").asLong()).isZero();
                assertThat(afterReset.get("firstCallAtMillis").asLong()).isZero();
                assertThat(afterReset.get("lastCallAtMillis").asLong()).isZero();
                assertThat(afterReset.get("maxCallsInAnySecond").asInt()).isZero();
            }
        }

        @Test
        void withoutALimitEveryAuthenticatedCallIsAccepted() {
            try (SandboxServer sandbox = new SandboxServer(new SandboxSettings()).start()) {
                SandboxHttp http = new SandboxHttp(sandbox);

                IntStream.range(0, 25)
                        .mapToObj(i -> http.getAsync(LICENSE, QUERY, SandboxHttp.API_KEY_AUTH))
                        .toList()
                        .forEach(CompletableFuture::join);

                assertThat(sandbox.stats().acceptedCalls()).isEqualTo(25);
                assertThat(sandbox.stats().maxCallsInAnySecond()).isBetween(1, 25);
                assertThat(sandbox.stats().rateLimited()).isZero();
            }
        }
    }
}
