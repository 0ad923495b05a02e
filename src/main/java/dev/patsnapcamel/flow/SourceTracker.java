package dev.patsnapcamel.flow;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.patsnapcamel.intake.PatentQuery;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the tally of every source being processed and says when one is complete. The intake routes
 * call {@link #open}, then one of {@link #duplicate}, {@link #rejected} or {@link #accepted} per value
 * read, then {@link #readComplete}; the ledger route calls {@link #settled} for every ledger line.
 * Whichever call completes a source returns its {@link SourceReport}; all others return {@code null}.
 */
public final class SourceTracker {

    /** Exchange property holding the tracker's key of the source an exchange belongs to. */
    public static final String SOURCE_KEY = "PatsnapSourceKey";

    private static final Logger LOG = LoggerFactory.getLogger(SourceTracker.class);

    private final Map<String, SourceProgress> open = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final List<String> defaultEndpoints;
    private final SourceScopedIdRepository seen;
    private final Clock clock;

    public SourceTracker(List<String> defaultEndpoints, SourceScopedIdRepository seen, Clock clock) {
        this.defaultEndpoints = List.copyOf(defaultEndpoints);
        this.seen = seen;
        this.clock = clock;
    }

    /**
     * Starts tracking a source and returns its key.
     *
     * @param source    the name the ledger gives the source
     * @param endpoints a comma list narrowing the endpoints, or null/empty for all configured ones
     */
    public String open(@Header("PatsnapSource") String source, @Header("PatsnapEndpoints") String endpoints) {
        List<String> chosen = chooseEndpoints(endpoints);
        String key = Long.toString(sequence.incrementAndGet());
        open.put(key, new SourceProgress(key, source, chosen, clock.instant()));
        LOG.info("Reading {} for endpoints {}", source, chosen);
        return key;
    }

    /** Counts a value already seen in this source. */
    public void duplicate(@ExchangeProperty(SOURCE_KEY) String key) {
        progress(key).duplicates.increment();
    }

    /** Counts a value the local check refused; returns its {@code rejected} ledger entries, one per endpoint. */
    public List<LedgerEntry> rejected(@ExchangeProperty(SOURCE_KEY) String key, @Body PatentQuery query) {
        SourceProgress p = progress(key);
        p.unique.incrementAndGet();
        p.rejectedLocally.increment();
        Instant now = clock.instant();
        List<LedgerEntry> entries = new ArrayList<>(p.endpoints.size());
        for (String endpoint : p.endpoints) {
            entries.add(LedgerEntry.unanswered(key, p.source, endpoint, query.query(), Status.REJECTED,
                    "INVALID_ID", query.rejection(), now));
        }
        return entries;
    }

    /** Counts a new valid ID and returns the work item that goes to every endpoint's batch. */
    public WorkItem accepted(@ExchangeProperty(SOURCE_KEY) String key, @Body PatentQuery query) {
        SourceProgress p = progress(key);
        p.unique.incrementAndGet();
        return new WorkItem(key, p.source, query);
    }

    /** The endpoints the source's IDs go to, as recipient URIs for the batching routes. */
    public String batchRecipients(@ExchangeProperty(SOURCE_KEY) String key) {
        StringBuilder uris = new StringBuilder();
        for (String endpoint : progress(key).endpoints) {
            uris.append(uris.isEmpty() ? "" : ",").append("seda:patsnap-batch-").append(endpoint);
        }
        return uris.toString();
    }

    /** Marks the end of reading; returns the report when every ID is already settled. */
    public SourceReport readComplete(@ExchangeProperty(SOURCE_KEY) String key) {
        SourceProgress p = progress(key);
        p.readComplete();
        LOG.info("Read {}: {} unique IDs, {} duplicates, {} rejected locally", p.source, p.unique.get(),
                p.duplicates.sum(), p.rejectedLocally.sum());
        return completeIfDone(p);
    }

    /** Counts one API call that carried IDs of the given sources. */
    public void called(String endpoint, List<WorkItem> batch) {
        batch.stream().map(WorkItem::sourceKey).distinct().forEach(key -> {
            SourceProgress p = open.get(key);
            if (p != null) {
                p.called(endpoint);
            }
        });
    }

    /** Counts a ledger line; returns the source's report when this line completes it. */
    public SourceReport settled(@Body LedgerEntry entry) {
        SourceProgress p = progress(entry.sourceKey());
        p.settled(entry.endpoint(), entry.status());
        return completeIfDone(p);
    }

    /** The report for a source that could not be read at all. */
    public SourceReport unreadable(@Header("PatsnapSource") String source, String error) {
        String now = clock.instant().toString();
        return new SourceReport(source, "unreadable", error, 0, 0, 0, 0, Map.of(), now, now);
    }

    /** How many sources are being processed now. */
    public int openSources() {
        return open.size();
    }

    private SourceReport completeIfDone(SourceProgress p) {
        if (!p.claimCompletion()) {
            return null;
        }
        open.remove(p.key);
        seen.forget(p.key);
        SourceReport report = p.report(clock.instant());
        LOG.info("Completed {}: {} unique IDs x {} endpoints settled", p.source, report.idsUnique(), p.endpoints.size());
        return report;
    }

    private SourceProgress progress(String key) {
        SourceProgress p = open.get(key);
        if (p == null) {
            throw new IllegalStateException("no open source with key " + key);
        }
        return p;
    }

    private List<String> chooseEndpoints(String requested) {
        if (requested == null || requested.isBlank()) {
            return defaultEndpoints;
        }
        LinkedHashSet<String> chosen = new LinkedHashSet<>();
        for (String e : Arrays.asList(requested.split(","))) {
            String name = e.trim();
            if (!name.isEmpty()) {
                if (!defaultEndpoints.contains(name)) {
                    throw new IllegalArgumentException("unknown endpoint '" + name + "' (configured: " + defaultEndpoints + ")");
                }
                chosen.add(name);
            }
        }
        return chosen.isEmpty() ? defaultEndpoints : List.copyOf(chosen);
    }
}
