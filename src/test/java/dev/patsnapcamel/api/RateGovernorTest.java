package dev.patsnapcamel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.patsnapcamel.support.MovingClock;

class RateGovernorTest {

    final MovingClock clock = new MovingClock(Instant.parse("2026-11-21T10:00:00Z"));
    final RateGovernor rate = new RateGovernor(20, 16, Duration.ofSeconds(60), clock);

    @Test
    void theCallsNeededInFlightFollowFromRateAndLatency() {
        assertThat(rate.inFlightNeeded()).isEqualTo(1);
        rate.callTook(1000);
        assertThat(rate.inFlightNeeded()).isEqualTo(24); // 20/s x 1 s, plus 20%
        rate.callTook(500);
        assertThat(rate.inFlightNeeded()).isEqualTo(22); // moving average: 900 ms
    }

    @Test
    void callingStartsAtTheFullRate() {
        assertThat(rate.allowed()).isEqualTo(20);
        assertThat(rate.qps()).isEqualTo(20);
        clock.advance(Duration.ofSeconds(10));
        assertThat(rate.qps()).isEqualTo(20);
    }

    @Test
    void tooFastAnswersHalveTheRateOnceASecondDownToOne() {
        rate.qps();
        clock.advance(Duration.ofSeconds(3));
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
