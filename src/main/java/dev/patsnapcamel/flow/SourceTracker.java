package dev.patsnapcamel.flow;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.InputProgress;
import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.model.PatentQuery;
import dev.patsnapcamel.model.SourceReport;
import dev.patsnapcamel.model.Status;
import dev.patsnapcamel.model.WorkItem;
import dev.patsnapcamel.ops.LogSafe;
import dev.patsnapcamel.state.SharedCompletion;
import dev.patsnapcamel.state.SourceRecords;

/**
 * Follows every source (an input file, later a message or a watch-list run) from reading to its report.
 * What must survive a restart is in the state database ({@link SourceRecords}); this class adds the
 * cheap in-memory estimate that tells when it is worth checking whether a source is complete.
 * <p>
 * The intake routes call {@link #open}, then {@link #rejected} or {@link #accepted} for every new value,
 * then {@link #readComplete}; the ledger route calls {@link #settled} with the lines it wrote. Whichever
 * call completes a source returns its {@link SourceReport}; {@link #reported} then retires the source.
 * <p>
 * About 300 lines, on purpose: it is the one place where the source's life (opened, read, called, settled,
 * handed on, reported) meets, so that the completion check sees all of it under one set of rules; the
 * progress line ({@link ProgressLine}) and the in-memory estimate ({@link SettledEstimate}) are their own
 * classes.
 * <p>
 * In cluster mode ({@link SharedCompletion}) a source's lines are settled on any node: whichever node
 * settles lines of it (or reads its end) asks the database whether it is complete, and only the node that
 * claims the report there writes it; the in-memory estimate then only feeds the progress line.
 */
public final class SourceTracker {

    private static final Logger LOG = LoggerFactory.getLogger(SourceTracker.class);

    private final List<String> defaultEndpoints;
    private final SourceRecords records;
    private final Clock clock;
    private final boolean sandbox;
    private final Map<String, SettledEstimate> progress = new ConcurrentHashMap<>();
    private final Map<String, ProgressLine> display = new ConcurrentHashMap<>();
    /** The reports this node wrote last, newest first (at most {@link #RECENT_REPORTS}). */
    private final Deque<SourceReport> recent = new ConcurrentLinkedDeque<>();

    /** How many of the last reports {@link #recentReports()} keeps. */
    public static final int RECENT_REPORTS = 20;
    /** Per source: batches of its ledger lines written but not yet handed to the other outputs. */
    private final Map<String, Long> handingOn = new ConcurrentHashMap<>();
    /** Cluster mode: completion and the report's claim in the database; null when working alone. */
    private final SharedCompletion shared;

    public SourceTracker(List<String> defaultEndpoints, SourceRecords records, Clock clock) {
        this(defaultEndpoints, records, clock, false);
    }

    /** @param sandbox the bundle calls its built-in sandbox: every report is marked {@code "sandbox": true} */
    public SourceTracker(List<String> defaultEndpoints, SourceRecords records, Clock clock, boolean sandbox) {
        this(defaultEndpoints, records, clock, sandbox, null);
    }

    /** @param shared cluster mode: the database decides completion and who reports; null when working alone */
    public SourceTracker(
            List<String> defaultEndpoints,
            SourceRecords records,
            Clock clock,
            boolean sandbox,
            SharedCompletion shared) {
        this.defaultEndpoints = List.copyOf(defaultEndpoints);
        this.records = records;
        this.clock = clock;
        this.sandbox = sandbox;
        this.shared = shared;
    }

    /**
     * Starts (or, after a crash, resumes) a source and returns its key.
     *
     * @param source      the name the ledger gives the source
     * @param endpoints   a comma list narrowing the endpoints, or null/empty for all configured ones
     * @param fingerprint what identifies the same input after a restart (e.g. file name, size and time);
     *                    null when the input cannot come again
     * @param intake      the kind of intake that took the input; where its outputs go depends on it
     */
    public String open(
            @Header(Headers.SOURCE) String source,
            @Header(Headers.ENDPOINTS) String endpoints,
            @Header(Headers.FINGERPRINT) String fingerprint,
            @ExchangeProperty(Headers.INTAKE) String intake) {
        if (intake == null || !SourceRecords.INTAKES.contains(intake)) {
            throw new IllegalStateException("the intake route must set the exchange property " + Headers.INTAKE
                    + " to one of " + SourceRecords.INTAKES + " (got " + intake + ")");
        }
        if (fingerprint != null) {
            Optional<SourceRecords.Source> interrupted = records.unfinished(fingerprint);
            if (interrupted.isPresent()) {
                LOG.info("Resuming {} where the last run stopped", LogSafe.of(source));
                String key = interrupted.get().key();
                display.computeIfAbsent(key, k -> new ProgressLine(source, records.settledCount(k), clock));
                return key;
            }
        }
        List<String> chosen = chooseEndpoints(endpoints);
        String key = "s" + UUID.randomUUID().toString().replace("-", "");
        records.insert(new SourceRecords.Source(
                key,
                source,
                fingerprint == null ? key : fingerprint,
                chosen,
                clock.instant().toString(),
                null,
                false,
                intake));
        display.put(key, new ProgressLine(source, 0, clock));
        LOG.info("Reading {} for endpoints {}", LogSafe.of(source), chosen);
        return key;
    }

    /** The {@code rejected} ledger entries, one per endpoint, of a value the local check refused. */
    public List<LedgerEntry> rejected(@ExchangeProperty(Headers.SOURCE_KEY) String key, @Body PatentQuery query) {
        SourceRecords.Source s = source(key);
        Instant now = clock.instant();
        List<LedgerEntry> entries = new ArrayList<>(s.endpoints().size());
        for (String endpoint : s.endpoints()) {
            entries.add(LedgerEntry.unanswered(
                    key,
                    s.name(),
                    endpoint,
                    query.query(),
                    Status.REJECTED,
                    LedgerEntry.INVALID_ID,
                    query.rejection(),
                    now));
        }
        return entries;
    }

    /** The work item of a new valid ID, for every endpoint's batch. */
    public WorkItem accepted(@ExchangeProperty(Headers.SOURCE_KEY) String key, @Body PatentQuery query) {
        return new WorkItem(key, source(key).name(), query);
    }

    /**
     * The endpoints the source's IDs go to ({@link Headers#BATCH_ENDPOINTS}): those of {@code patsnap.endpoints},
     * or of the input's {@link Headers#ENDPOINTS}; {@code input-read} hands each ID to their batching routes.
     */
    public List<String> endpointsOf(@ExchangeProperty(Headers.SOURCE_KEY) String key) {
        return List.copyOf(source(key).endpoints());
    }

    /**
     * Route {@code input-read}, once the input is checked: its values (counted by the check) times its endpoints
     * are the ledger lines it needs at most, which the status page shows its progress against until it is read
     * whole.
     */
    public void reading(
            @ExchangeProperty(Headers.SOURCE_KEY) String key, @ExchangeProperty(Headers.IDS_READ) Long values) {
        ProgressLine d = display.get(key);
        if (d != null && values != null) {
            d.atMost = values * source(key).endpoints().size();
        }
    }

    /** Marks the end of reading; returns the report when every ID is already settled. */
    public SourceReport readComplete(
            @ExchangeProperty(Headers.SOURCE_KEY) String key, @ExchangeProperty(Headers.IDS_READ) long idsRead) {
        records.readComplete(key, idsRead);
        SourceRecords.Source s = source(key);
        long unique = records.uniqueCount(key);
        SettledEstimate p = progress.computeIfAbsent(key, k -> new SettledEstimate());
        p.arm(unique * s.endpoints().size(), records.settledCount(key));
        ProgressLine d = display.get(key);
        if (d != null) {
            d.expected = unique * s.endpoints().size();
        }
        LOG.info("Read {}: {} values, {} unique", LogSafe.of(s.name()), idsRead, unique);
        return completeIfDone(s);
    }

    /**
     * The items of a batch that still need an answer from the endpoint, each once: a batch offered again
     * after a crash or a stop may hold IDs whose line was written meanwhile, or whose source is even
     * complete, and an ID handed on again after a crash may sit in the same batch twice.
     */
    public List<WorkItem> unanswered(@Body List<WorkItem> batch, @ExchangeProperty(Headers.ENDPOINT) String endpoint) {
        Map<String, Boolean> completed = new LinkedHashMap<>();
        Set<WorkItem> distinct = new HashSet<>();
        List<WorkItem> open = new ArrayList<>(batch.size());
        for (WorkItem item : batch) {
            if (distinct.add(item)
                    && !completed.computeIfAbsent(item.sourceKey(), records::completed)
                    && !records.settled(item.sourceKey(), endpoint, item.query().query())) {
                open.add(item);
            }
        }
        if (open.size() < batch.size()) {
            LOG.info(
                    "Batch for {}: {} of {} IDs were answered meanwhile or repeated; asking for the other {}",
                    endpoint,
                    batch.size() - open.size(),
                    batch.size(),
                    open.size());
        }
        return open;
    }

    /** Counts one API call that carried IDs of the given sources. */
    public void called(String endpoint, List<WorkItem> batch) {
        batch.stream().map(WorkItem::sourceKey).distinct().forEach(key -> records.addCall(key, endpoint));
    }

    /** Counts the ledger lines just written; returns the reports of the sources they complete. */
    public List<SourceReport> settled(@Body List<LedgerEntry> written) {
        Map<String, Long> perSource = new LinkedHashMap<>();
        written.forEach(e -> perSource.merge(e.sourceKey(), 1L, Long::sum));
        perSource.keySet().forEach(key -> handingOn.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1));
        if (shared != null) {
            shared.handedOn(written);
        }
        List<SourceReport> reports = new ArrayList<>();
        perSource.forEach((key, n) -> {
            ProgressLine d = display.get(key);
            if (d != null) {
                d.lines.addAndGet(n);
            }
            SettledEstimate p = progress.get(key);
            boolean worthChecking = p != null && p.add(n);
            if (shared != null) {
                addIfAny(reports, claimIfComplete(key));
            } else if (worthChecking) {
                addIfAny(reports, completeIfDone(source(key)));
            }
        });
        return reports;
    }

    /** Retires a source whose report is written: drops its per-ID bookkeeping. */
    public void reported(@Body SourceReport report) {
        recent.addFirst(report);
        while (recent.size() > RECENT_REPORTS) {
            recent.pollLast();
        }
        if (report.sourceKey() != null) {
            records.complete(report.sourceKey());
            if (shared != null) {
                shared.retired(report.sourceKey());
            }
            progress.remove(report.sourceKey());
            display.remove(report.sourceKey());
        }
    }

    /** The report for a source that could not be read at all. */
    public SourceReport unreadable(@Header(Headers.SOURCE) String source, String error) {
        String now = clock.instant().toString();
        return marked(new SourceReport(null, source, "unreadable", error, 0, 0, 0, 0, Map.of(), now, now));
    }

    /**
     * After a restart: arms the completion check of every source that had been read completely, and
     * returns the reports of those already complete.
     */
    public List<SourceReport> recover() {
        List<SourceReport> reports = new ArrayList<>();
        for (SourceRecords.Source s : records.unfinished()) {
            if (s.readComplete()) {
                SettledEstimate p = progress.computeIfAbsent(s.key(), k -> new SettledEstimate());
                p.arm(records.uniqueCount(s.key()) * s.endpoints().size(), records.settledCount(s.key()));
                SourceReport report = completeIfDone(s);
                if (report != null) {
                    reports.add(report);
                }
            }
        }
        return reports;
    }

    /**
     * Cluster mode, route {@code ledger-takeover}: forgets what node {@code gone} left under way (report claims,
     * hand-ons) once its lines are handed on, and returns the reports now due of the sources concerned.
     */
    public List<SourceReport> takeOver(@Body String gone) {
        List<SourceReport> reports = new ArrayList<>();
        if (shared != null) {
            shared.release(gone).forEach(key -> addIfAny(reports, claimIfComplete(key)));
        }
        return reports;
    }

    /**
     * One line per source in progress: ledger lines written of those expected, the rate since the last
     * call, and the time left at that rate. For the progress log; call it every few seconds.
     */
    public List<String> progressLines() {
        List<String> lines = new ArrayList<>();
        Instant now = clock.instant();
        if (shared != null) {
            // another node may have reported a source this node read
            for (String key : display.keySet()) {
                if (records.completed(key)) {
                    display.remove(key);
                    progress.remove(key);
                }
            }
        }
        for (ProgressLine d : display.values()) {
            lines.add(d.line(now));
        }
        return lines;
    }

    /** The inputs in progress on this node, oldest first. */
    public List<InputProgress> inProgress() {
        return display.entrySet().stream()
                .map(e -> e.getValue().snapshot(e.getKey()))
                .sorted(Comparator.comparing(InputProgress::since))
                .toList();
    }

    /** The last reports this node wrote (finished and unreadable inputs), newest first. */
    public List<SourceReport> recentReports() {
        return List.copyOf(recent);
    }

    /**
     * Notes that ledger lines of these sources were just written and are being handed to the other outputs
     * (route {@code ledger-settle}, before {@code results-publish}); {@link #settled} ends that. A source
     * is not complete while lines of it are on their way to the outputs, so that its report (and what the
     * report triggers: CSV files, the watch list's comparison) comes after every output has its lines.
     */
    public void handingOn(@Body List<LedgerEntry> written) {
        written.stream().map(LedgerEntry::sourceKey).distinct().forEach(key -> handingOn.merge(key, 1L, Long::sum));
    }

    private SourceReport completeIfDone(SourceRecords.Source s) {
        if (shared != null) {
            return handingOn.containsKey(s.key()) || !shared.claimIfComplete(s.key()) ? null : completed(s);
        }
        SettledEstimate p = progress.get(s.key());
        if (p == null || !p.mayBeComplete() || handingOn.containsKey(s.key())) {
            return null;
        }
        // the estimate can run ahead of the truth (a line counted twice around arming): ask the database
        if (records.settledCount(s.key()) < p.expected || !p.claim()) {
            return null;
        }
        return completed(s);
    }

    /** Cluster mode: the source's report when it is complete and this node won its claim; one look-up else. */
    private SourceReport claimIfComplete(String key) {
        return handingOn.containsKey(key) || !shared.claimIfComplete(key) ? null : completed(source(key));
    }

    private static void addIfAny(List<SourceReport> reports, SourceReport report) {
        if (report != null) {
            reports.add(report);
        }
    }

    private SourceReport completed(SourceRecords.Source s) {
        SourceReport report = report(s);
        LOG.info(
                "Completed {}: {} unique IDs x {} endpoints settled",
                LogSafe.of(s.name()),
                report.idsUnique(),
                s.endpoints().size());
        return report;
    }

    private SourceReport report(SourceRecords.Source s) {
        Map<String, Map<String, Long>> counts = records.statusCounts(s.key());
        Map<String, Long> calls = records.calls(s.key());
        Map<String, Long> billed = records.billed(s.key());
        Map<String, Long> reused = records.reusedCounts(s.key());
        Map<String, SourceReport.EndpointTally> tallies = new LinkedHashMap<>();
        long rejectedLocally = 0;
        for (String endpoint : s.endpoints()) {
            Map<String, Long> c = counts.getOrDefault(endpoint, Map.of());
            long local = c.getOrDefault("rejected_locally", 0L);
            rejectedLocally = Math.max(rejectedLocally, local);
            tallies.put(
                    endpoint,
                    new SourceReport.EndpointTally(
                            c.getOrDefault("found", 0L),
                            c.getOrDefault("empty", 0L),
                            c.getOrDefault("not_found", 0L),
                            c.getOrDefault("rejected", 0L) + local,
                            c.getOrDefault("failed", 0L),
                            calls.getOrDefault(endpoint, 0L),
                            billed.getOrDefault(endpoint, 0L),
                            reused.getOrDefault(endpoint, 0L)));
        }
        long unique = records.uniqueCount(s.key());
        long read = s.idsRead() == null ? unique : s.idsRead();
        return marked(new SourceReport(
                s.key(),
                s.name(),
                "complete",
                null,
                read,
                unique,
                read - unique,
                rejectedLocally,
                tallies,
                s.startedAt(),
                clock.instant().toString()));
    }

    private SourceReport marked(SourceReport report) {
        return sandbox ? report.fromSandbox() : report;
    }

    private SourceRecords.Source source(String key) {
        return records.find(key).orElseThrow(() -> new IllegalStateException("no source with key " + key));
    }

    private List<String> chooseEndpoints(String requested) {
        if (requested == null || requested.isBlank()) {
            return defaultEndpoints;
        }
        LinkedHashSet<String> chosen = new LinkedHashSet<>();
        for (String e : requested.split(",")) {
            String name = e.trim();
            if (!name.isEmpty()) {
                if (!defaultEndpoints.contains(name)) {
                    throw new IllegalArgumentException(
                            "unknown endpoint '" + name + "' (configured: " + defaultEndpoints + ")");
                }
                chosen.add(name);
            }
        }
        return chosen.isEmpty() ? defaultEndpoints : List.copyOf(chosen);
    }
}
