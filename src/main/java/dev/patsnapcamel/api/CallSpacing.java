package dev.patsnapcamel.api;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The turn of each call under the rate. Calls leave one at a time, in the order they came, and each one
 * no sooner than {@code patsnap.rate.window / qps} after the one before it and a whole window after the
 * qps-th one before it, where qps is what the {@link RateGovernor} allows now ({@code patsnap.qps}, halved
 * for a while after PatSnap answered "too fast"). So any window of that length holds at most qps calls,
 * evenly spread, from the very first call on: no bursts when slots come free, no slow start.
 * <p>
 * The moments are those at which calls actually leave, taken after the wait: a call whose thread was held
 * up (a loaded machine, a pause of the JVM) leaves late, and the next one still keeps its distance from
 * it, so a hold-up never lets calls out together. Times are kept in nanoseconds, so the spacing does not
 * drift by rounding (at 200 calls per second and a window of 1040 ms a call leaves every 5.2 ms).
 * <p>
 * The window is a little longer than PatSnap's second: the guard ({@code patsnap.rate.window} - 1000 ms)
 * absorbs the varying delay between here and PatSnap's count. Once the bundle is stopping, calls no longer
 * wait for their turn: they leave the queue at once and are parked by the next step.
 */
public final class CallSpacing {

    /** How long a waiting call sleeps at most before it looks whether the bundle is stopping. */
    private static final long LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final RateGovernor rate;
    private final long windowNanos;
    private final BooleanSupplier stopping;
    /** One call at a time takes its turn; the others wait in the order they came. */
    private final ReentrantLock turn = new ReentrantLock(true);
    /** When the most recent calls left (nanoTime), as a ring: at most patsnap.qps of them matter. */
    private final long[] left;

    private long count;

    public CallSpacing(RateGovernor rate, int configuredQps, Duration window, BooleanSupplier stopping) {
        if (window.toMillis() < 1000) {
            throw new IllegalArgumentException(
                    "patsnap.rate.window must be at least 1s (PatSnap counts calls per second), was " + window);
        }
        this.rate = rate;
        this.windowNanos = window.toNanos();
        this.stopping = stopping;
        this.left = new long[Math.max(1, configuredQps)];
    }

    /** Waits for this call's turn under the rate and takes it (at once when the bundle is stopping). */
    public void await() throws InterruptedException {
        while (!turn.tryLock(LOOK_NANOS, TimeUnit.NANOSECONDS)) {
            if (stopping.getAsBoolean()) {
                return;
            }
        }
        try {
            while (true) {
                long wait = earliest() - System.nanoTime();
                if (wait <= 0 || stopping.getAsBoolean()) {
                    break;
                }
                TimeUnit.NANOSECONDS.sleep(Math.min(wait, LOOK_NANOS));
            }
            left[(int) (count++ % left.length)] = System.nanoTime();
        } finally {
            turn.unlock();
        }
    }

    /** The earliest moment the next call may leave (held under {@link #turn}). */
    private long earliest() {
        int qps = Math.max(1, Math.min(left.length, rate.qps()));
        if (count == 0) {
            return Long.MIN_VALUE / 2;
        }
        long next = left[(int) ((count - 1) % left.length)] + windowNanos / qps;
        if (count >= qps) {
            next = Math.max(next, left[(int) ((count - qps) % left.length)] + windowNanos);
        }
        return next;
    }
}
