package dev.patsnapcamel.flow;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The running tally of one source (an input file, a message, a watch-list run): what was read and how
 * far each endpoint has got. A source is complete when reading has finished and every unique ID has
 * one settlement per endpoint.
 */
final class SourceProgress {

    final String key;
    final String source;
    final List<String> endpoints;
    final Instant startedAt;

    final AtomicLong unique = new AtomicLong();
    final LongAdder duplicates = new LongAdder();
    final LongAdder rejectedLocally = new LongAdder();
    private final AtomicLong settled = new AtomicLong();
    private final Map<String, Map<Status, LongAdder>> statuses = new LinkedHashMap<>();
    private final Map<String, LongAdder> calls = new LinkedHashMap<>();
    private volatile boolean readComplete;
    private final AtomicBoolean reported = new AtomicBoolean();

    SourceProgress(String key, String source, List<String> endpoints, Instant startedAt) {
        this.key = key;
        this.source = source;
        this.endpoints = List.copyOf(endpoints);
        this.startedAt = startedAt;
        for (String endpoint : endpoints) {
            Map<Status, LongAdder> counts = new EnumMap<>(Status.class);
            for (Status s : Status.values()) {
                counts.put(s, new LongAdder());
            }
            statuses.put(endpoint, counts);
            calls.put(endpoint, new LongAdder());
        }
    }

    void settled(String endpoint, Status status) {
        statuses.get(endpoint).get(status).increment();
        settled.incrementAndGet();
    }

    void called(String endpoint) {
        calls.get(endpoint).increment();
    }

    void readComplete() {
        readComplete = true;
    }

    long settledCount() {
        return settled.get();
    }

    long expected() {
        return unique.get() * endpoints.size();
    }

    /** True exactly once: when reading is over and every expected settlement has arrived. */
    boolean claimCompletion() {
        return readComplete && settled.get() >= expected() && reported.compareAndSet(false, true);
    }

    SourceReport report(Instant finishedAt) {
        Map<String, SourceReport.EndpointTally> tallies = new LinkedHashMap<>();
        statuses.forEach((endpoint, counts) -> tallies.put(endpoint, new SourceReport.EndpointTally(
                counts.get(Status.FOUND).sum(), counts.get(Status.EMPTY).sum(), counts.get(Status.NOT_FOUND).sum(),
                counts.get(Status.REJECTED).sum(), counts.get(Status.FAILED).sum(), calls.get(endpoint).sum())));
        long dup = duplicates.sum();
        return new SourceReport(source, "complete", null, unique.get() + dup, unique.get(), dup,
                rejectedLocally.sum(), tallies, startedAt.toString(), finishedAt.toString());
    }
}
