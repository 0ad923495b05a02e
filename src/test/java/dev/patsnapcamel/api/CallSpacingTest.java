package dev.patsnapcamel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * The turns under the rate are counted from when each call really went out: a call sent late (a cold first
 * call, a new connection) moves the turns after it on, so that they keep their distance from its arrival.
 */
class CallSpacingTest {

    /** The moments' clock, in ms, moved by the test only. */
    final AtomicLong nowMs = new AtomicLong(1_000);

    final CallSpacing spacing = new CallSpacing(
            new RateGovernor(5, Duration.ofSeconds(60), Clock.systemUTC()),
            5,
            Duration.ofMillis(1040),
            () -> false,
            () -> TimeUnit.MILLISECONDS.toNanos(nowMs.get()));

    @Test
    void callsLeaveAWindowOverQpsApartAndAWholeWindowAfterTheQpsthBefore() throws InterruptedException {
        long[] turns = new long[5];
        for (int i = 0; i < 5; i++) {
            turns[i] = spacing.await();
            assertThat(turns[i]).isEqualTo(i);
            assertThat(ms(spacing.nextTurnAt())).isEqualTo(nowMs.get() + 208);
            nowMs.addAndGet(208);
        }
        // the 6th: a whole window after the 1st, which left at 1000
        assertThat(ms(spacing.nextTurnAt())).isEqualTo(1000 + 1040);
    }

    @Test
    void aCallSentLateMovesTheTurnsAfterItOn() throws InterruptedException {
        long first = spacing.await();
        // the first call's request goes out only 400 ms after its turn (a cold client)
        nowMs.addAndGet(400);
        spacing.sent(first);
        // the next one is still spaced from the turns
        assertThat(ms(spacing.nextTurnAt())).isEqualTo(1000 + 208);
        for (int i = 1; i < 5; i++) {
            nowMs.set(ms(spacing.nextTurnAt()));
            long turn = spacing.await();
            spacing.sent(turn);
        }
        // the 6th keeps a whole window from when the 1st really went out, not from its turn at 1000
        assertThat(ms(spacing.nextTurnAt())).isEqualTo(1400 + 1040);
    }

    @Test
    void theUsualHoldUpOfEveryCallMovesNothing() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            nowMs.set(Math.max(nowMs.get(), ms(spacing.nextTurnAt())));
            long turn = spacing.await();
            nowMs.addAndGet(30);
            spacing.sent(turn);
            nowMs.addAndGet(-30);
        }
        // every call went out 30 ms after its turn: the 6th is a window after the 1st's turn, the rate stays
        assertThat(ms(spacing.nextTurnAt())).isEqualTo(1000 + 1040);
    }

    @Test
    void aSendNeverMovesAMomentBackNorTouchesAnotherTurn() throws InterruptedException {
        long first = spacing.await();
        nowMs.addAndGet(-50);
        spacing.sent(first);
        assertThat(ms(spacing.nextTurnAt())).isEqualTo(1000 + 208);
        nowMs.set(5_000);
        // unknown turns: not yet taken, or none (a call that left while stopping)
        spacing.sent(7);
        spacing.sent(-1);
        assertThat(ms(spacing.nextTurnAt())).isEqualTo(1000 + 208);
        // a turn that has left the ring (qps turns later) no longer moves its place's newer turn
        for (int i = 1; i <= 5; i++) {
            nowMs.set(Math.max(nowMs.get(), ms(spacing.nextTurnAt())));
            spacing.await();
        }
        long before = spacing.nextTurnAt();
        nowMs.set(9_000);
        spacing.sent(first);
        assertThat(spacing.nextTurnAt()).isEqualTo(before);
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
