package dev.patsnapcamel.api;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.apache.camel.Exchange;

import dev.patsnapcamel.model.Headers;

/**
 * The turn of each call under the rate. Calls leave one at a time, in the order they came, and each one
 * no sooner than {@code patsnap.rate.window / qps} after the one before it and a whole window after the
 * qps-th one before it, where qps is what the {@link RateGovernor} allows now ({@code patsnap.qps}, halved
 * for a while after PatSnap answered "too fast"). So any window of that length holds at most qps calls,
 * evenly spread, from the very first call on: no bursts when slots come free, no slow start.
 * <p>
 * When its request actually goes out on a connection ({@link #sent}, noted by {@link CallSends} once the
 * client has the connection, after any TCP and TLS hand-shakes) counts too. Calls usually go out a few ms
 * after their turn; a call held up for longer than the least hold-up of the recent calls (its thread
 * delayed on a loaded machine, a slow new connection, the cold code of a first call) moves its moment on by
 * the difference, so the qps-th call after it keeps a whole window from when it really went out, not from
 * when it was due, and a hold-up never lets qps + 1 calls reach PatSnap within a second. The usual hold-up
 * moves nothing, so the rate is not lowered by it; the spacing between one call and the next stays
 * counted from their turns. (A call held up by more than a whole window is beyond this: the qps-th call
 * after it may have left already.) Times are kept in nanoseconds, so the spacing does not drift by
 * rounding (at 200 calls per second and a window of 1040 ms a call leaves every 5.2 ms).
 * <p>
 * The window is a little longer than PatSnap's second: the guard ({@code patsnap.rate.window} - 1000 ms)
 * absorbs the varying delay between the request going out and PatSnap's count. Once the bundle is
 * stopping, calls no longer wait for their turn: they leave the queue at once and are parked by the next
 * step.
 * <p>
 * In a cluster ({@link #share}) a call whose turn has come here also takes a token of the account's one
 * bucket in the state database ({@link SharedRate}) before it leaves: all the nodes' calls together keep
 * the rate. Its moment is when it has the token.
 */
public final class CallSpacing {

    /** How long a waiting call sleeps at most before it looks whether the bundle is stopping. */
    private static final long LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final RateGovernor rate;
    private final long windowNanos;
    private final BooleanSupplier stopping;
    private final LongSupplier nanoTime;
    /** One call at a time takes its turn; the others wait in the order they came. */
    private final ReentrantLock turn = new ReentrantLock(true);
    /** Guards {@link #moments} and {@link #turns}; a call's send is noted under it, and wakes the waiting call. */
    private final Object times = new Object();
    /** When the most recent calls left their turns (nanoTime), as a ring: at most patsnap.qps of them matter. */
    private final long[] moments;
    /** How long after its turn each of them went out (ns; -1 while not known). */
    private final long[] holdUps;
    /** Which turn each place of the ring holds, so a late send never moves a newer call's moment. */
    private final long[] turns;

    private long count;
    /** The cluster's bucket for the account (cluster mode), or null: this node alone. */
    private volatile SharedRate shared;

    public CallSpacing(RateGovernor rate, int configuredQps, Duration window, BooleanSupplier stopping) {
        this(rate, configuredQps, window, stopping, System::nanoTime);
    }

    /** With the clock of the moments (tests). */
    CallSpacing(
            RateGovernor rate, int configuredQps, Duration window, BooleanSupplier stopping, LongSupplier nanoTime) {
        if (window.toMillis() < 1000) {
            throw new IllegalArgumentException(
                    "patsnap.rate.window must be at least 1s (PatSnap counts calls per second), was " + window);
        }
        this.rate = rate;
        this.windowNanos = window.toNanos();
        this.stopping = stopping;
        this.nanoTime = nanoTime;
        this.moments = new long[Math.max(1, configuredQps)];
        this.turns = new long[moments.length];
        this.holdUps = new long[moments.length];
        java.util.Arrays.fill(turns, -1);
        java.util.Arrays.fill(holdUps, -1);
    }

    /**
     * Waits for this call's turn under the rate and takes it (at once when the bundle is stopping); the
     * turn goes on the exchange ({@link Headers#CALL_TURN}), so that the moment the request is sent can
     * be noted against it.
     */
    public void await(Exchange exchange) throws InterruptedException {
        exchange.setProperty(Headers.CALL_TURN, await());
    }

    /** Waits for the next turn and takes it; returns its number. */
    long await() throws InterruptedException {
        while (!turn.tryLock(LOOK_NANOS, TimeUnit.NANOSECONDS)) {
            if (stopping.getAsBoolean()) {
                return -1;
            }
        }
        try {
            SharedRate cluster = shared;
            synchronized (times) {
                while (true) {
                    long wait = earliest() - nanoTime.getAsLong();
                    if (wait <= 0 || stopping.getAsBoolean()) {
                        break;
                    }
                    // woken early when a call before this one is noted as sent (its moment moves on)
                    TimeUnit.NANOSECONDS.timedWait(times, Math.min(wait, LOOK_NANOS));
                }
                if (cluster == null) {
                    return take();
                }
            }
            // in a cluster, the account's token too (outside the lock of the times: sends are noted meanwhile)
            cluster.await(stopping);
            synchronized (times) {
                return take();
            }
        } finally {
            turn.unlock();
        }
    }

    /** Takes the next turn now (held under {@link #times}). */
    private long take() {
        long mine = count++;
        int place = (int) (mine % moments.length);
        moments[place] = nanoTime.getAsLong();
        turns[place] = mine;
        holdUps[place] = -1;
        return mine;
    }

    /**
     * From now on each turn also takes a token of the cluster's one bucket for the account (cluster mode),
     * after this node's own rule allows it.
     */
    public void share(SharedRate cluster) {
        this.shared = cluster;
    }

    /**
     * The request of the call with this turn has gone out now (the first time counts). Unknown or forgotten
     * turns (negative, or already out of the ring) change nothing.
     */
    public void sent(long callTurn) {
        if (callTurn < 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        synchronized (times) {
            int place = (int) (callTurn % moments.length);
            if (turns[place] == callTurn && holdUps[place] < 0) {
                holdUps[place] = Math.max(0, now - moments[place]);
                times.notifyAll();
            }
        }
    }

    /** The earliest moment (nanoTime) the next call may leave. */
    long nextTurnAt() {
        synchronized (times) {
            return earliest();
        }
    }

    /** The earliest moment the next call may leave (held under {@link #times}). */
    private long earliest() {
        int qps = Math.max(1, Math.min(moments.length, rate.qps()));
        if (count == 0) {
            return Long.MIN_VALUE / 2;
        }
        long next = moments[(int) ((count - 1) % moments.length)] + windowNanos / qps;
        if (count >= qps) {
            int place = (int) ((count - qps) % moments.length);
            next = Math.max(next, moments[place] + extraHoldUp(place) + windowNanos);
        }
        return next;
    }

    /**
     * How much longer than the least hold-up of the calls in the ring the call at {@code place} was held up
     * after its turn (0 while it is not known to have gone out: it may yet go out late, but a call that never
     * goes out, refused or stopped, must not hold the next ones).
     */
    private long extraHoldUp(int place) {
        long holdUp = holdUps[place];
        if (holdUp <= 0) {
            return 0;
        }
        long least = holdUp;
        for (long h : holdUps) {
            if (h >= 0 && h < least) {
                least = h;
            }
        }
        return holdUp - least;
    }
}
