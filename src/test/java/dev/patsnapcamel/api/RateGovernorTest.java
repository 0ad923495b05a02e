package dev.patsnapcamel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.patsnapcamel.support.MovingClock;

class RateGovernorTest {

    final MovingClock clock = new MovingClock(Instant.parse("2026-11-21T10:00:00Z"));
    final RateGovernor rate = new RateGovernor(20, Duration.ofSeconds(60), clock);

    @Test
    void theFullRateFromTheFirstCallOn() {
        assertThat(rate.qps()).isEqualTo(20);
        clock.advance(Duration.ofMillis(500));
        assertThat(rate.qps()).isEqualTo(20);
        clock.advance(Duration.ofSeconds(10));
        assertThat(rate.qps()).isEqualTo(20);
    }

    @Test
    void tooFastAnswersHalveTheRateOnceASecondDownToOne() {
        assertThat(rate.qps()).isEqualTo(20);
        rate.tooFast();
        rate.tooFast(); // calls already under way: the same episode
        assertThat(rate.qps()).isEqualTo(10);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            rate.tooFast();
        }
        assertThat(rate.qps()).isEqualTo(1);
    }

    @Test
    void theConfiguredRateComesBackAfterAQuietCoolDown() {
        rate.qps();
        clock.advance(Duration.ofSeconds(3));
        rate.tooFast();
        clock.advance(Duration.ofSeconds(59));
        assertThat(rate.qps()).isEqualTo(10);
        rate.tooFast(); // a new episode halves again and restarts the cool-down
        clock.advance(Duration.ofSeconds(59));
        assertThat(rate.qps()).isEqualTo(5);
        clock.advance(Duration.ofSeconds(1));
        assertThat(rate.qps()).isEqualTo(20);
    }
}
