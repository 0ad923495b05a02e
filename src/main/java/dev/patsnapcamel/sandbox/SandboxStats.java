package dev.patsnapcamel.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the sandbox has seen since start or the last {@link #reset()}. Thread-safe.
 *
 * <p>A business call is any request outside {@code /oauth/token} and {@code /_sandbox/}, whatever
 * its outcome (authentication errors, rate limiting and unknown paths included). The call log keeps
 * the most recent {@value #MAX_CALL_RECORDS} calls; the counters count all of them.
 *
 * <p>An <em>accepted</em> call is a business call the QPS limit admitted: an authenticated call to a
 * data path that was not answered 67200002 for exceeding the limit (calls refused earlier, for the
 * method, the credentials or the path, do not count against the limit and are not accepted calls).
 * {@link #acceptedCalls()}, {@link #firstCallAtMillis()}, {@link #lastCallAtMillis()} and
 * {@link #maxCallsInAnySecond()} describe them, so that the achieved rate can be compared with the limit:
 * {@code (acceptedCalls - 1) / ((lastCallAtMillis - firstCallAtMillis) / 1000.0)} calls per second.
 */
public final class SandboxStats {

    /** How many recent calls {@link #calls()} keeps. */
    public static final int MAX_CALL_RECORDS = 10_000;

    private static final long SECOND_NANOS = 1_000_000_000L;

    private final Map<String, LongAdder> callsByPath = new ConcurrentHashMap<>();
    private final AtomicLong billedResults = new AtomicLong();
    /** Per path: the answered calls and billed results of each second (epoch s), for the usage statement. */
    private final Map<String, java.util.concurrent.ConcurrentSkipListMap<Long, long[]>> bill =
            new ConcurrentHashMap<>();

    private final Map<Long, LongAdder> callsByErrorCode = new ConcurrentHashMap<>();
    /** Business calls per {@code User-Agent} (empty string: none sent). */
    private final Map<String, LongAdder> callsByUserAgent = new ConcurrentHashMap<>();

    private final AtomicLong totalCalls = new AtomicLong();
    private final AtomicInteger maxIdsPerCall = new AtomicInteger();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong tokenRequests = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final Deque<CallRecord> recentCalls = new ArrayDeque<>();
    /** Guards the accepted-call fields below. */
    private final Object acceptedLock = new Object();
    /** Admission times (nanoTime) of the accepted calls of the last second, oldest first. */
    private final Deque<Long> acceptedLastSecond = new ArrayDeque<>();

    private long acceptedCalls;
    private long firstCallAtMillis;
    private long lastCallAtMillis;
    private int maxCallsInAnySecond;

    SandboxStats() {}

    /** Business calls to {@code path}. */
    public long calls(String path) {
        LongAdder count = callsByPath.get(path);
        return count == null ? 0 : count.sum();
    }

    /**
     * Results billed: the patents of the {@code data[]} of every successful answer (PatSnap bills each
     * result it returns, not the call), since start or the last {@link #reset()}.
     */
    public long billedResults() {
        return billedResults.get();
    }

    /**
     * What the usage statement says of {@code [fromMillis, toMillis)}: per path, {@code [calls, results]}
     * of the successful answers sent in that time. Kept across {@link #reset()}, as PatSnap's own bill is.
     */
    public Map<String, long[]> bill(long fromMillis, long toMillis) {
        Map<String, long[]> statement = new TreeMap<>();
        bill.forEach((path, seconds) -> {
            long[] sum = new long[2];
            synchronized (seconds) {
                seconds.subMap(Math.floorDiv(fromMillis, 1000L), Math.floorDiv(toMillis, 1000L))
                        .values()
                        .forEach(v -> {
                            sum[0] += v[0];
                            sum[1] += v[1];
                        });
            }
            if (sum[0] > 0) {
                statement.put(path, sum);
            }
        });
        return statement;
    }

    /** Business calls per {@code User-Agent} header (the key {@code ""} counts calls without one). */
    public Map<String, Long> callsByUserAgent() {
        Map<String, Long> byAgent = new TreeMap<>();
        callsByUserAgent.forEach((agent, count) -> byAgent.put(agent, count.sum()));
        return byAgent;
    }

    /** Business calls to any path. */
    public long totalCalls() {
        return totalCalls.get();
    }

    /** The most IDs any single business call asked for. */
    public int maxIdsPerCall() {
        return maxIdsPerCall.get();
    }

    /** Calls answered 67200002 (or HTTP 429) because they exceeded the QPS limit (injected answers not included). */
    public long rateLimited() {
        return rateLimited.get();
    }

    /** Requests to {@code /oauth/token}, granted or not. */
    public long tokenRequests() {
        return tokenRequests.get();
    }

    /** Business calls received but not yet answered. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The most business calls that were in flight at once. */
    public int peakInFlight() {
        return peakInFlight.get();
    }

    /** Accepted business calls (admitted by the QPS limit, see the class comment). */
    public long acceptedCalls() {
        synchronized (acceptedLock) {
            return acceptedCalls;
        }
    }

    /** Arrival time (epoch ms) of the first accepted business call, or 0 if there was none. */
    public long firstCallAtMillis() {
        synchronized (acceptedLock) {
            return firstCallAtMillis;
        }
    }

    /** Arrival time (epoch ms) of the last accepted business call, or 0 if there was none. */
    public long lastCallAtMillis() {
        synchronized (acceptedLock) {
            return lastCallAtMillis;
        }
    }

    /**
     * The largest number of accepted business calls admitted within any sliding 1000 ms window (two
     * calls share a window when they were admitted less than 1000 ms apart, as the QPS limit counts).
     * With a QPS limit this is never above the limit.
     */
    public int maxCallsInAnySecond() {
        synchronized (acceptedLock) {
            return maxCallsInAnySecond;
        }
    }

    /** The most recent business calls, oldest first. */
    public List<CallRecord> calls() {
        synchronized (recentCalls) {
            return List.copyOf(recentCalls);
        }
    }

    /** The stats as a JSON-friendly map (served at {@code GET /_sandbox/stats}). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        Map<String, Long> byPath = new TreeMap<>();
        callsByPath.forEach((path, count) -> byPath.put(path, count.sum()));
        Map<String, Long> byCode = new TreeMap<>();
        callsByErrorCode.forEach((code, count) -> byCode.put(String.valueOf(code), count.sum()));
        map.put("calls", byPath);
        map.put("totalCalls", totalCalls());
        map.put("billedResults", billedResults());
        map.put("maxIdsPerCall", maxIdsPerCall());
        map.put("rateLimited", rateLimited());
        map.put("tokenRequests", tokenRequests());
        map.put("inFlight", inFlight());
        map.put("peakInFlight", peakInFlight());
        synchronized (acceptedLock) {
            map.put("acceptedCalls", acceptedCalls);
            map.put("firstCallAtMillis", firstCallAtMillis);
            map.put("lastCallAtMillis", lastCallAtMillis);
            map.put("maxCallsInAnySecond", maxCallsInAnySecond);
        }
        map.put("errorCodes", byCode);
        map.put("userAgents", callsByUserAgent());
        return map;
    }

    /** Forgets everything counted so far (calls still in flight stay counted as in flight). */
    public void reset() {
        callsByPath.clear();
        callsByErrorCode.clear();
        callsByUserAgent.clear();
        totalCalls.set(0);
        billedResults.set(0);
        maxIdsPerCall.set(0);
        rateLimited.set(0);
        tokenRequests.set(0);
        peakInFlight.set(inFlight.get());
        synchronized (recentCalls) {
            recentCalls.clear();
        }
        synchronized (acceptedLock) {
            acceptedLastSecond.clear();
            acceptedCalls = 0;
            firstCallAtMillis = 0;
            lastCallAtMillis = 0;
            maxCallsInAnySecond = 0;
        }
    }

    void callArrived() {
        int now = inFlight.incrementAndGet();
        peakInFlight.accumulateAndGet(now, Math::max);
    }

    void callAnswered() {
        inFlight.decrementAndGet();
    }

    void record(CallRecord call) {
        callsByPath.computeIfAbsent(call.path(), path -> new LongAdder()).increment();
        if (call.errorCode() != 0) {
            callsByErrorCode
                    .computeIfAbsent(call.errorCode(), code -> new LongAdder())
                    .increment();
        }
        callsByUserAgent
                .computeIfAbsent(call.userAgent(), agent -> new LongAdder())
                .increment();
        totalCalls.incrementAndGet();
        maxIdsPerCall.accumulateAndGet(call.ids().size(), Math::max);
        synchronized (recentCalls) {
            if (recentCalls.size() == MAX_CALL_RECORDS) {
                recentCalls.removeFirst();
            }
            recentCalls.addLast(call);
        }
    }

    /**
     * A business call the QPS limit admitted. Called in admission order (the QPS window calls it while
     * it holds its lock), so {@code admittedAtNanos} does not decrease; a smaller value is taken as
     * equal to the previous one. O(1) amortised: each admission enters and leaves the deque once.
     *
     * @param arrivalMillis   when the call arrived, epoch ms (as in {@link CallRecord#startedAtMillis()})
     * @param admittedAtNanos when the QPS limit admitted it, {@link System#nanoTime()}
     */
    void callAccepted(long arrivalMillis, long admittedAtNanos) {
        synchronized (acceptedLock) {
            Long newest = acceptedLastSecond.peekLast();
            long at = newest == null ? admittedAtNanos : Math.max(admittedAtNanos, newest);
            while (!acceptedLastSecond.isEmpty() && at - acceptedLastSecond.peekFirst() >= SECOND_NANOS) {
                acceptedLastSecond.removeFirst();
            }
            acceptedLastSecond.addLast(at);
            maxCallsInAnySecond = Math.max(maxCallsInAnySecond, acceptedLastSecond.size());
            acceptedCalls++;
            firstCallAtMillis = acceptedCalls == 1 ? arrivalMillis : Math.min(firstCallAtMillis, arrivalMillis);
            lastCallAtMillis = Math.max(lastCallAtMillis, arrivalMillis);
        }
    }

    /** A successful answer to {@code path} returned {@code results} patents, billed. */
    void billed(String path, long results, long atMillis) {
        billedResults.addAndGet(results);
        var seconds = bill.computeIfAbsent(path, p -> new java.util.concurrent.ConcurrentSkipListMap<>());
        synchronized (seconds) {
            long[] v = seconds.computeIfAbsent(Math.floorDiv(atMillis, 1000L), s -> new long[2]);
            v[0]++;
            v[1] += results;
        }
    }

    void rateLimitedCall() {
        rateLimited.incrementAndGet();
    }

    void tokenRequested() {
        tokenRequests.incrementAndGet();
    }
}
