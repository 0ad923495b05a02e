package dev.patsnapcamel.watchlist;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patsnapcamel.ops.Alerts;
import dev.patsnapcamel.ops.AtomicFile;
import dev.patsnapcamel.model.ChangeEvent;
import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.model.SourceReport;
import dev.patsnapcamel.state.WatchlistStore;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares a finished watch-list run with the previous one (route {@code report-to-watchlist}, before the
 * run's report is written):
 * <ol>
 * <li>checks that every ledger line of the run is in its snapshot, taking those it misses (written just
 * before a crash) from the ledger files; if some are still missing, the run is not compared, an alert
 * says why, and the previous run stays the one to compare with;</li>
 * <li>streams the differences into {@code outbox/changes/<run>.jsonl}, one {@link ChangeEvent} per
 * (endpoint, patent), written aside and moved into place, so a file that is there is whole; no file when
 * nothing changed; none either for the first run, which only sets the baseline;</li>
 * <li>makes this run the baseline and forgets older runs;</li>
 * <li>adds {@code changes} (counts, the run compared with, the file) to the run's report, which is
 * written once this is done.</li>
 * </ol>
 * Repeating it for the same run (after a crash) gives the same file and counts.
 */
public final class ChangeDetection {

    /** What was found, for the route that publishes the change file. */
    public record Summary(String source, String file, long count) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ChangeDetection.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectWriter EVENT = JSON.writerFor(ChangeEvent.class);

    private final WatchlistStore store;
    private final WatchlistResults results;
    private final Path outbox;
    private final Alerts alerts;
    private final Clock clock;

    public ChangeDetection(WatchlistStore store, WatchlistResults results, Path outbox, Alerts alerts, Clock clock) {
        this.store = store;
        this.results = results;
        this.outbox = outbox;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** Compares the run of this report; returns what to publish, or null when there is nothing. */
    public Summary detect(@Body SourceReport report) {
        if (report.sourceKey() == null || !"complete".equals(report.status())) {
            LOG.warn("Watch-list run {} ended {}: nothing to compare", report.source(), report.status());
            return null;
        }
        String list = WatchlistSource.listName(report.source());
        WatchlistStore.Run run = store.runFor(report.sourceKey(), list, report.source());
        if (WatchlistStore.BASELINE.equals(run.state())) {
            // compared before a restart interrupted the rest
            addToReport(report, counts(run, store.run(run.previousKey()).map(WatchlistStore.Run::source).orElse(null)));
            store.prune(list, run.key());
            return summary(run);
        }
        if (WatchlistStore.INCOMPLETE.equals(run.state())) {
            return null;
        }
        long expected = report.endpoints().values().stream()
                .mapToLong(t -> t.found() + t.empty() + t.notFound() + t.rejected() + t.failed()).sum();
        long recorded = store.count(run.key());
        if (recorded < expected) {
            // lines written just before a crash (or while this output failed) are in the ledger only
            recorded += backfill(report, run);
        }
        if (recorded != expected) {
            String message = "Watch-list run " + report.source() + ": " + recorded + " of its " + expected
                    + " ledger lines reached the change detection (an output failure or a crash in between), so it is "
                    + "not compared; the next run is compared with the last complete one";
            alerts.raise("watchlist-incomplete", "warning", message, Map.of("source", report.source()));
            store.markIncomplete(run.key());
            ObjectNode changes = JsonNodeFactory.instance.objectNode();
            changes.put("compared", false);
            changes.put("error", message);
            addToReport(report, changes);
            return null;
        }
        Optional<WatchlistStore.Run> previous = Optional.ofNullable(run.previousKey()).flatMap(store::run);
        if (previous.isEmpty()) {
            store.settle(run.key(), 0, 0, 0, null);
            store.prune(list, run.key());
            ObjectNode changes = JsonNodeFactory.instance.objectNode();
            changes.put("baseline", true);
            changes.put("new", 0).put("changed", 0).put("removed", 0);
            addToReport(report, changes);
            LOG.info("Watch-list run {} is the first of {}: it sets the baseline, no change events", report.source(), list);
            return null;
        }
        Map<String, Long> counts = writeChanges(report, previous.get());
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        String file = total == 0 ? null : changeFile(report).toString();
        store.settle(run.key(), counts.get(ChangeEvent.NEW), counts.get(ChangeEvent.CHANGED), counts.get(ChangeEvent.REMOVED),
                file);
        store.prune(list, run.key());
        WatchlistStore.Run settled = store.run(run.key()).orElseThrow();
        addToReport(report, counts(settled, previous.get().source()));
        LOG.info("Watch-list run {} compared with {}: {} new, {} changed, {} removed{}", report.source(),
                previous.get().source(), counts.get(ChangeEvent.NEW), counts.get(ChangeEvent.CHANGED),
                counts.get(ChangeEvent.REMOVED), file == null ? "" : " (" + file + ")");
        return summary(settled);
    }

    /**
     * Takes the run's ledger lines that its snapshot misses from the ledger files (written since the run
     * started), streaming; returns how many were added.
     */
    private long backfill(SourceReport report, WatchlistStore.Run run) {
        String since = "ledger-" + report.startedAt().substring(0, 10) + ".jsonl";
        long added = 0;
        for (String endpoint : report.endpoints().keySet()) {
            Path folder = outbox.resolve(endpoint);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> list = Files.list(folder)) {
                files = list.filter(f -> f.getFileName().toString().matches("ledger-\\d{4}-\\d{2}-\\d{2}\\.jsonl"))
                        .filter(f -> f.getFileName().toString().compareTo(since) >= 0).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Path file : files) {
                List<LedgerEntry> missing = new ArrayList<>();
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (!line.contains(run.key())) {
                            continue;
                        }
                        LedgerEntry entry = JSON.readValue(line, LedgerEntry.class);
                        if (run.key().equals(entry.sourceKey()) && !store.has(run.key(), endpoint, entry.query())) {
                            missing.add(entry);
                        }
                        if (missing.size() == 500) {
                            results.record(missing);
                            added += missing.size();
                            missing.clear();
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the ledger " + file, e);
                }
                results.record(missing);
                added += missing.size();
            }
        }
        if (added > 0) {
            LOG.info("Watch-list run {}: took {} ledger lines that its snapshot missed (written just before a stop) "
                    + "from the ledger files", report.source(), added);
        }
        return added;
    }

    private static Summary summary(WatchlistStore.Run run) {
        long count = run.newCount() + run.changedCount() + run.removedCount();
        return run.changesFile() == null || count == 0 ? null : new Summary(run.source(), run.changesFile(), count);
    }

    private ObjectNode counts(WatchlistStore.Run run, String comparedWith) {
        ObjectNode changes = JsonNodeFactory.instance.objectNode();
        if (comparedWith == null && run.previousKey() == null) {
            changes.put("baseline", true);
        }
        changes.put("new", run.newCount()).put("changed", run.changedCount()).put("removed", run.removedCount());
        if (comparedWith != null) {
            changes.put("compared_with", comparedWith);
        }
        if (run.changesFile() != null) {
            changes.put("file", run.changesFile());
        }
        return changes;
    }

    private Path changeFile(SourceReport report) {
        String name = report.fileName();
        return outbox.resolve("changes").resolve(name.substring(0, name.length() - ".json".length()) + ".jsonl");
    }

    /** Streams the differences into the change file (only kept when not empty); returns the counts per kind. */
    private Map<String, Long> writeChanges(SourceReport report, WatchlistStore.Run previous) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put(ChangeEvent.NEW, 0L);
        counts.put(ChangeEvent.CHANGED, 0L);
        counts.put(ChangeEvent.REMOVED, 0L);
        Path target = changeFile(report);
        String detectedAt = clock.instant().toString();
        try {
            AtomicFile.writeIfAny(target, temporary -> {
                try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                    store.differences(previous.key(), report.sourceKey(), List.copyOf(report.endpoints().keySet()), d -> {
                        ChangeEvent event = new ChangeEvent(report.source(), d.endpoint(), d.query(), d.change(), d.pn(),
                                d.patentId(), records(d.before()), records(d.after()), previous.source(), detectedAt);
                        out.write(EVENT.writeValueAsString(event));
                        out.write('\n');
                        counts.merge(d.change(), 1L, Long::sum);
                    });
                }
                return counts.values().stream().mapToLong(Long::longValue).sum() > 0;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the change file " + target, e);
        }
        return counts;
    }

    private static JsonNode records(String text) {
        if (text == null) {
            return JsonNodeFactory.instance.arrayNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites the run's report with {@code changes} added, atomically (a temporary file moved into place). */
    /** Adds the comparison to the report, which is written after this (route report-write). */
    private static void addToReport(SourceReport report, ObjectNode changes) {
        report.more().put("changes", changes);
    }
}
