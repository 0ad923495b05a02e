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
 */
public final class SandboxStats {

    /** How many recent calls {@link #calls()} keeps. */
    public static final int MAX_CALL_RECORDS = 10_000;

    private final Map<String, LongAdder> callsByPath = new ConcurrentHashMap<>();
    private final Map<Long, LongAdder> callsByErrorCode = new ConcurrentHashMap<>();
    private final AtomicLong totalCalls = new AtomicLong();
    private final AtomicInteger maxIdsPerCall = new AtomicInteger();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong tokenRequests = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final Deque<CallRecord> recentCalls = new ArrayDeque<>();

    SandboxStats() {
    }

    /** Business calls to {@code path}. */
    public long calls(String path) {
        LongAdder count = callsByPath.get(path);
        return count == null ? 0 : count.sum();
    }

    /** Business calls to any path. */
    public long totalCalls() {
        return totalCalls.get();
    }

    /** The most IDs any single business call asked for. */
    public int maxIdsPerCall() {
        return maxIdsPerCall.get();
    }

    /** Calls answered 67200002 because they exceeded the QPS limit (injected 67200002 answers not included). */
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
        map.put("maxIdsPerCall", maxIdsPerCall());
        map.put("rateLimited", rateLimited());
        map.put("tokenRequests", tokenRequests());
        map.put("inFlight", inFlight());
        map.put("peakInFlight", peakInFlight());
        map.put("errorCodes", byCode);
        return map;
    }

    /** Forgets everything counted so far (calls still in flight stay counted as in flight). */
    public void reset() {
        callsByPath.clear();
        callsByErrorCode.clear();
        totalCalls.set(0);
        maxIdsPerCall.set(0);
        rateLimited.set(0);
        tokenRequests.set(0);
        peakInFlight.set(inFlight.get());
        synchronized (recentCalls) {
            recentCalls.clear();
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
            callsByErrorCode.computeIfAbsent(call.errorCode(), code -> new LongAdder()).increment();
        }
        totalCalls.incrementAndGet();
        maxIdsPerCall.accumulateAndGet(call.ids().size(), Math::max);
        synchronized (recentCalls) {
            if (recentCalls.size() == MAX_CALL_RECORDS) {
                recentCalls.removeFirst();
            }
            recentCalls.addLast(call);
        }
    }

    void rateLimitedCall() {
        rateLimited.incrementAndGet();
    }

    void tokenRequested() {
        tokenRequests.incrementAndGet();
    }
}
