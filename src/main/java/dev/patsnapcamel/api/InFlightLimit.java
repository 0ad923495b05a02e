package dev.patsnapcamel.api;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * How many batches may be in flight at once (being called, waiting for their turn under the rate, retried
 * or settled), and the gate that holds a batch back while that many are: route {@code call-admit}.
 * <p>
 * The limit follows the latency: the calls per second {@link RateGovernor} allows now × how long calls
 * take × {@code patsnap.in-flight.head-room}, which is what keeps the rate busy (Little's law) plus room
 * for the wait for a rate slot and the settling. How long calls take is the 95th percentile of the calls
 * that returned within the last {@code patsnap.in-flight.latency-window}, or the age of the oldest call
 * still under way when that is longer: before the first answer (a cold start at 5 to 10 s) the limit
 * grows as the first calls wait, so it never holds the rate back, and it also follows at once when
 * PatSnap gets slower. It shrinks again as the slow calls age out of the window. It is never below one
 * second of calls at the current rate (at least {@value #LEAST}), and never above
 * {@code patsnap.max-in-flight}, the ceiling.
 * <p>
 * A batch that finds the limit reached waits here, holding its thread: that is the back-pressure to the
 * intake. The waiting batches look again whenever a batch ends, and one of them every
 * {@value #RECHECK_MILLIS} ms, since the limit also grows with time (the age of the oldest call). The limit is
 * read afresh at every check (Camel's {@code throttle} in {@code ConcurrentRequests} mode reads its
 * expression only when an exchange arrives, so exchanges already waiting would not see a limit grow).
 * Thread-safe and cheap: a call leaving and returning takes no lock the gate holds (only a map entry, and a
 * sample), and the percentile is worked out again only after new samples.
 */
public final class InFlightLimit {

    /** The lowest limit, whatever the rate. */
    static final int LEAST = 4;

    /** The latency percentile the limit is based on. */
    static final double PERCENTILE = 0.95;

    /** The most recent call latencies kept (within the window). */
    static final int MOST_SAMPLES = 1024;

    /** How often a waiting batch looks again, at the latest. */
    static final long RECHECK_MILLIS = 50;

    /**
     * A call under way for longer than this is forgotten: the HTTP time-outs end every call long before,
     * so it can only be one whose end was never seen (a stop at the wrong moment), which would otherwise
     * hold the limit up for good.
     */
    static final long FORGET_CALL_MILLIS = Duration.ofMinutes(5).toMillis();

    private record Sample(long at, long millis) {}

    /** How far back {@link #recent()} counts the calls per second. */
    static final long RATE_SPAN_MILLIS = 10_000;

    /**
     * The calls that returned lately, for the status page: calls per second over the last
     * {@value #RATE_SPAN_MILLIS} ms, and the latency percentiles of the calls within the latency window.
     *
     * @param calls calls returned within the latency window (at most {@value #MOST_SAMPLES} are kept)
     */
    public record Recent(int calls, double perSecond, long p50Millis, long p95Millis, long p99Millis) {}

    private final RateGovernor rate;
    private final int ceiling;
    private final long windowMillis;
    private final double headRoom;
    private final Clock clock;

    /** The gate: the batches in flight and the batches waiting for a place. */
    private final ReentrantLock lock = new ReentrantLock();

    private final Condition room = lock.newCondition();
    /** Guarded by lock; read without it for the metrics. */
    private volatile int inFlight;
    /** Guarded by lock: whether one waiting batch already looks again every {@value #RECHECK_MILLIS} ms. */
    private boolean polling;

    /** The calls under way: exchange id → when it left (no lock: it is on the way of every call). */
    private final Map<String, Long> calls = new ConcurrentHashMap<>();

    /** The latencies of the calls returned within the window, oldest first; guarded by itself. */
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    private long percentileMillis;
    private boolean samplesChanged;

    /**
     * @param rate the calls per second allowed now
     * @param ceiling {@code patsnap.max-in-flight}: never more in flight than this
     * @param latencyWindow {@code patsnap.in-flight.latency-window}: how long a call's latency counts
     * @param headRoom {@code patsnap.in-flight.head-room}: the factor on rate × latency, at least 1
     */
    public InFlightLimit(RateGovernor rate, int ceiling, Duration latencyWindow, double headRoom, Clock clock) {
        if (ceiling < 1) {
            throw new IllegalArgumentException("patsnap.max-in-flight must be at least 1, was " + ceiling);
        }
        if (latencyWindow.toMillis() < 1) {
            throw new IllegalArgumentException(
                    "patsnap.in-flight.latency-window must be positive, was " + latencyWindow);
        }
        if (!(headRoom >= 1 && headRoom <= 10)) {
            throw new IllegalArgumentException("patsnap.in-flight.head-room must be between 1 and 10, was " + headRoom);
        }
        this.rate = rate;
        this.ceiling = ceiling;
        this.windowMillis = latencyWindow.toMillis();
        this.headRoom = headRoom;
        this.clock = clock;
    }

    /** {@code patsnap.in-flight.head-room} as written: a decimal number such as {@code 1.5}. */
    public static double headRoom(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "patsnap.in-flight.head-room must be a number such as 1.5, was '" + text + "'");
        }
    }

    /** The batches that may be in flight now. */
    public int limit() {
        return limitNow(clock.millis());
    }

    /** The latency the limit is based on now, in seconds (0 before any call). */
    public double latencySeconds() {
        return latencyMillis(clock.millis()) / 1000.0;
    }

    /** The batches in flight now (let through the gate and not yet ended). */
    public int inFlight() {
        return inFlight;
    }

    /**
     * For the progress log: the batches in flight, the limit and the latency it is based on (the recent
     * 95th percentile, or the oldest call under way when that is longer).
     */
    public String progress() {
        long now = clock.millis();
        return String.format(
                Locale.ROOT,
                "calls in flight %d of at most %d (latency %.1f s)",
                inFlight,
                limitNow(now),
                latencyMillis(now) / 1000.0);
    }

    /** The calls that returned lately: their rate and latency percentiles. */
    public Recent recent() {
        long now = clock.millis();
        percentileMillis(now);
        long[] sorted;
        int lately = 0;
        long earliest = now;
        synchronized (samples) {
            sorted = new long[samples.size()];
            int i = 0;
            for (Sample s : samples) {
                sorted[i++] = s.millis();
                if (s.at() > now - RATE_SPAN_MILLIS) {
                    lately++;
                    earliest = Math.min(earliest, s.at());
                }
            }
        }
        Arrays.sort(sorted);
        // the kept samples may not reach back the whole span at high rates: then count over what they cover
        long span = lately == sorted.length && sorted.length == MOST_SAMPLES
                ? Math.max(1, now - earliest)
                : RATE_SPAN_MILLIS;
        return new Recent(
                sorted.length, lately * 1000.0 / span, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99));
    }

    /** Nearest rank: the smallest value with at least that share of the sorted values at or below it. */
    private static long rank(long[] sorted, double share) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.max(0, (int) Math.ceil(share * sorted.length) - 1)];
    }

    /**
     * Route {@code call-admit}: lets the exchange's batch through once fewer than the limit are in flight,
     * waiting until then; its place is given back when the exchange is done, however it ends.
     */
    public void admit(Exchange exchange) throws InterruptedException {
        Runnable leave = enter();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                leave.run();
            }
        });
    }

    /**
     * Waits until fewer than the limit are in flight, then counts one more; the answer gives the place
     * back (once, however often it is run). Of the batches waiting, one looks again every
     * {@value #RECHECK_MILLIS} ms (the limit grows with the age of the oldest call); the others wait until
     * a place is given back or the one before them got in.
     */
    public Runnable enter() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (inFlight >= limitNow(clock.millis())) {
                if (polling) {
                    room.await();
                } else {
                    polling = true;
                    try {
                        room.await(RECHECK_MILLIS, TimeUnit.MILLISECONDS);
                    } finally {
                        polling = false;
                    }
                }
            }
            inFlight++;
            // the next one looks too: the limit may have room for more, and someone must poll
            room.signal();
        } catch (InterruptedException e) {
            // whoever waits next takes over the polling
            room.signal();
            throw e;
        } finally {
            lock.unlock();
        }
        boolean[] left = {false};
        return () -> {
            lock.lock();
            try {
                if (!left[0]) {
                    left[0] = true;
                    inFlight--;
                    room.signal();
                }
            } finally {
                lock.unlock();
            }
        };
    }

    /** Route {@code call-attempt}: the exchange's call leaves now. */
    public void callStarts(Exchange exchange) {
        started(exchange.getExchangeId());
    }

    /** Route {@code call-attempt}, whatever the call's outcome: the exchange's call has returned. */
    public void callEnds(Exchange exchange) {
        returned(exchange.getExchangeId());
    }

    /** The call with this key leaves now. */
    void started(String call) {
        calls.put(call, clock.millis());
    }

    /** The call with this key has returned: its latency is a sample. */
    void returned(String call) {
        Long started = calls.remove(call);
        if (started == null) {
            return;
        }
        long now = clock.millis();
        synchronized (samples) {
            samples.addLast(new Sample(now, Math.max(0, now - started)));
            if (samples.size() > MOST_SAMPLES) {
                samples.removeFirst();
            }
            samplesChanged = true;
        }
    }

    private int limitNow(long now) {
        int qps = rate.qps();
        long needed = (long) Math.ceil(qps * headRoom * latencyMillis(now) / 1000.0);
        long floor = Math.max(qps, LEAST);
        return (int) Math.min(ceiling, Math.max(floor, needed));
    }

    /** The higher of the recent calls' percentile and the age of the oldest call under way. */
    private long latencyMillis(long now) {
        return Math.max(percentileMillis(now), oldestCallMillis(now));
    }

    private long percentileMillis(long now) {
        synchronized (samples) {
            while (!samples.isEmpty() && samples.peekFirst().at() <= now - windowMillis) {
                samples.removeFirst();
                samplesChanged = true;
            }
            if (samplesChanged) {
                percentileMillis = percentile();
                samplesChanged = false;
            }
            return percentileMillis;
        }
    }

    private long oldestCallMillis(long now) {
        long oldest = 0;
        for (Iterator<Long> started = calls.values().iterator(); started.hasNext(); ) {
            long age = now - started.next();
            if (age > FORGET_CALL_MILLIS) {
                started.remove();
            } else {
                oldest = Math.max(oldest, age);
            }
        }
        return oldest;
    }

    private long percentile() {
        if (samples.isEmpty()) {
            return 0;
        }
        long[] sorted = new long[samples.size()];
        int i = 0;
        for (Sample s : samples) {
            sorted[i++] = s.millis();
        }
        Arrays.sort(sorted);
        return rank(sorted, PERCENTILE);
    }
}
