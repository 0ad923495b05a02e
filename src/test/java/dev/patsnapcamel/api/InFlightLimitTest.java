package dev.patsnapcamel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.patsnapcamel.support.MovingClock;

/**
 * The in-flight limit: the rate allowed now × the recent p95 latency (or the oldest call under way) ×
 * the head-room, between one second of calls and the ceiling; and the gate that holds batches back.
 */
class InFlightLimitTest {

    final MovingClock clock = new MovingClock(Instant.parse("2026-11-21T10:00:00Z"));
    final RateGovernor rate = new RateGovernor(20, Duration.ofSeconds(60), clock);
    final InFlightLimit limit = new InFlightLimit(rate, 512, Duration.ofSeconds(30), 1.5, clock);
    final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void beforeAnyCallTheLimitIsOneSecondOfCalls() {
        assertThat(limit.limit()).isEqualTo(20);
        assertThat(limit.latencySeconds()).isZero();
        assertThat(new InFlightLimit(
                                new RateGovernor(1, Duration.ofSeconds(60), clock),
                                512,
                                Duration.ofSeconds(30),
                                1.5,
                                clock)
                        .limit())
                .as("at least a few, however low the rate")
                .isEqualTo(InFlightLimit.LEAST);
    }

    @Test
    void atAColdStartTheLimitGrowsAsTheFirstCallsWait() {
        // the first calls leave; none has answered yet (PatSnap takes 5 s at a cold start)
        for (int i = 0; i < 20; i++) {
            limit.started("call-" + i);
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(limit.limit()).as("20/s x 1 s x 1.5").isEqualTo(30);
        clock.advance(Duration.ofSeconds(4));
        assertThat(limit.latencySeconds()).isEqualTo(5.0);
        assertThat(limit.limit()).as("20/s x 5 s x 1.5").isEqualTo(150);
    }

    @Test
    void theLimitFollowsTheNinetyFifthPercentileOfRecentCalls() {
        // 95 calls of 1 s and 5 of 4 s: the 95th percentile is 1 s
        answer(95, Duration.ofSeconds(1));
        answer(5, Duration.ofSeconds(4));
        assertThat(limit.latencySeconds()).isEqualTo(1.0);
        assertThat(limit.limit()).as("20/s x 1 s x 1.5").isEqualTo(30);
        // ten more slow ones: now more than 5% are slow
        answer(10, Duration.ofSeconds(4));
        assertThat(limit.latencySeconds()).isEqualTo(4.0);
        assertThat(limit.limit()).isEqualTo(120);
    }

    @Test
    void theLimitShrinksOnceSlowCallsAgeOutOfTheWindow() {
        answer(20, Duration.ofSeconds(3));
        assertThat(limit.limit()).isEqualTo(90);
        clock.advance(Duration.ofSeconds(20));
        answer(40, Duration.ofMillis(200));
        assertThat(limit.limit()).as("the slow calls are still within 30 s").isEqualTo(90);
        clock.advance(Duration.ofSeconds(10));
        assertThat(limit.latencySeconds()).isEqualTo(0.2);
        assertThat(limit.limit()).as("back to one second of calls").isEqualTo(20);
        clock.advance(Duration.ofSeconds(31));
        assertThat(limit.latencySeconds()).as("no call within the window").isZero();
    }

    @Test
    void theOldestCallUnderWayCountsWhenItIsLongerThanThePercentile() {
        answer(50, Duration.ofMillis(500));
        assertThat(limit.limit()).isEqualTo(20);
        limit.started("slow");
        clock.advance(Duration.ofSeconds(8));
        assertThat(limit.latencySeconds()).isEqualTo(8.0);
        assertThat(limit.limit()).isEqualTo(240);
        limit.returned("slow");
        assertThat(limit.limit())
                .as("one slow call of 51 is below the 95th percentile")
                .isEqualTo(20);
    }

    @Test
    void aCallWhoseEndWasNeverSeenIsForgottenAfterAWhile() {
        limit.started("lost");
        clock.advance(Duration.ofMillis(InFlightLimit.FORGET_CALL_MILLIS + 1));
        assertThat(limit.latencySeconds()).isZero();
        assertThat(limit.limit()).isEqualTo(20);
    }

    @Test
    void theLimitFollowsTheHalvedRateAndStaysBelowTheCeiling() {
        answer(20, Duration.ofSeconds(2));
        assertThat(limit.limit()).isEqualTo(60);
        rate.tooFast();
        assertThat(limit.limit()).as("10/s x 2 s x 1.5").isEqualTo(30);
        InFlightLimit capped = new InFlightLimit(rate, 16, Duration.ofSeconds(30), 1.5, clock);
        capped.started("a");
        clock.advance(Duration.ofSeconds(10));
        assertThat(capped.limit()).isEqualTo(16);
        assertThat(new InFlightLimit(rate, 2, Duration.ofSeconds(30), 1.5, clock).limit())
                .as("the ceiling wins over the floor too")
                .isEqualTo(2);
    }

    @Test
    void aBatchWaitsWhileTheLimitIsReachedAndGoesOnWhenOneEnds() throws Exception {
        List<Runnable> places = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            places.add(limit.enter());
        }
        assertThat(limit.inFlight()).isEqualTo(20);
        CompletableFuture<Runnable> waiting = enterElsewhere();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());

        places.get(0).run();
        places.get(0).run(); // a place is given back once
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(limit.inFlight()).isEqualTo(20);
    }

    @Test
    void waitingBatchesGoOnWhenTheLimitGrowsWithoutAnyBatchEnding() throws Exception {
        for (int i = 0; i < 20; i++) {
            limit.enter();
            limit.started("call-" + i);
        }
        List<CompletableFuture<Runnable>> waiting = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            waiting.add(enterElsewhere());
        }
        await().during(Duration.ofMillis(200))
                .atMost(Duration.ofSeconds(5))
                .until(() -> waiting.stream().noneMatch(CompletableFuture::isDone));

        // nothing ends, but the oldest call under way gets older: 20/s x 2 s x 1.5 = 60
        clock.advance(Duration.ofSeconds(2));
        for (CompletableFuture<Runnable> w : waiting) {
            assertThat(w.get(10, TimeUnit.SECONDS)).isNotNull();
        }
        assertThat(limit.inFlight()).isEqualTo(35);
        assertThat(limit.progress()).isEqualTo("calls in flight 35 of at most 60 (latency 2.0 s)");
    }

    @Test
    void theSettingsAreChecked() {
        assertThatThrownBy(() -> new InFlightLimit(rate, 0, Duration.ofSeconds(30), 1.5, clock))
                .hasMessageContaining("patsnap.max-in-flight");
        assertThatThrownBy(() -> new InFlightLimit(rate, 16, Duration.ZERO, 1.5, clock))
                .hasMessageContaining("patsnap.in-flight.latency-window");
        assertThatThrownBy(() -> new InFlightLimit(rate, 16, Duration.ofSeconds(30), 0.5, clock))
                .hasMessageContaining("patsnap.in-flight.head-room");
        assertThatThrownBy(() -> InFlightLimit.headRoom("lots")).hasMessageContaining("patsnap.in-flight.head-room");
        assertThat(InFlightLimit.headRoom(" 1.25 ")).isEqualTo(1.25);
    }

    /** Calls that leave together now and all take this long (the clock moves on by that much). */
    private void answer(int calls, Duration took) {
        for (int i = 0; i < calls; i++) {
            limit.started("answered-" + i);
        }
        clock.advance(took);
        for (int i = 0; i < calls; i++) {
            limit.returned("answered-" + i);
        }
    }

    private CompletableFuture<Runnable> enterElsewhere() {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return limit.enter();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                },
                threads);
    }
}
