package dev.patsnapcamel.watchlist;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.patsnapcamel.flow.SourceLedger;
import dev.patsnapcamel.model.ChangeEvent;
import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.model.SourceReport;
import dev.patsnapcamel.ops.Alerts;
import dev.patsnapcamel.state.WatchlistStore;

/**
 * Compares a finished watch-list run with the previous one (route {@code report-to-watchlist}, before the
 * run's report is written):
 * <ol>
 * <li>checks that every ledger line of the run is in its snapshot, taking those it misses (written just
 * before a crash) from the ledger files; if some are still missing, the run is not compared, an alert
 * says why, and the previous run stays the one to compare with;</li>
 * <li>streams the differences into {@code outbox/changes/<run>.jsonl} ({@link ChangeFile}), one
 * {@link ChangeEvent} per (endpoint, patent), written aside and moved into place, so a file that is there
 * is whole; no file when nothing changed; none either for the first run, which only sets the baseline;</li>
 * <li>makes this run the baseline and forgets older runs;</li>
 * <li>adds {@code changes} (counts, the run compared with, the file) to the run's report, which is
 * written once this is done.</li>
 * </ol>
 * Repeating it for the same run (after a crash) gives the same file and counts.
 */
public final class ChangeDetection {

    /** What was found, for the route that publishes the change file. */
    public record Summary(String source, String file, long count) {}

    private static final Logger LOG = LoggerFactory.getLogger(ChangeDetection.class);
    private final WatchlistStore store;
    private final WatchlistResults results;
    private final SourceLedger ledger;
    private final ChangeFile changeFile;
    private final Alerts alerts;
    private final ObjectMapper json;

    /** @param ledger the ledger files, for the lines a snapshot misses */
    public ChangeDetection(
            WatchlistStore store,
            WatchlistResults results,
            SourceLedger ledger,
            Path outbox,
            Alerts alerts,
            Clock clock,
            ObjectMapper json) {
        this.store = store;
        this.results = results;
        this.ledger = ledger;
        this.changeFile = new ChangeFile(outbox, store, json, clock);
        this.alerts = alerts;
        this.json = json;
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
            addToReport(
                    report,
                    counts(
                            run,
                            store.run(run.previousKey())
                                    .map(WatchlistStore.Run::source)
                                    .orElse(null)));
            store.prune(list, run.key());
            return summary(run);
        }
        if (WatchlistStore.INCOMPLETE.equals(run.state())) {
            return null;
        }
        long expected = report.endpoints().values().stream()
                .mapToLong(t -> t.found() + t.empty() + t.notFound() + t.rejected() + t.failed())
                .sum();
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
        Optional<WatchlistStore.Run> previous =
                Optional.ofNullable(run.previousKey()).flatMap(store::run);
        if (previous.isEmpty()) {
            store.settle(run.key(), 0, 0, 0, null);
            store.prune(list, run.key());
            ObjectNode changes = JsonNodeFactory.instance.objectNode();
            changes.put("baseline", true);
            changes.put("new", 0).put("changed", 0).put("removed", 0);
            addToReport(report, changes);
            LOG.info(
                    "Watch-list run {} is the first of {}: it sets the baseline, no change events",
                    report.source(),
                    list);
            return null;
        }
        Map<String, Long> counts = changeFile.write(report, previous.get());
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        String file = total == 0 ? null : changeFile.of(report).toString();
        store.settle(
                run.key(),
                counts.get(ChangeEvent.NEW),
                counts.get(ChangeEvent.CHANGED),
                counts.get(ChangeEvent.REMOVED),
                file);
        store.prune(list, run.key());
        WatchlistStore.Run settled = store.run(run.key()).orElseThrow();
        addToReport(report, counts(settled, previous.get().source()));
        LOG.info(
                "Watch-list run {} compared with {}: {} new, {} changed, {} removed{}",
                report.source(),
                previous.get().source(),
                counts.get(ChangeEvent.NEW),
                counts.get(ChangeEvent.CHANGED),
                counts.get(ChangeEvent.REMOVED),
                file == null ? "" : " (" + file + ")");
        return summary(settled);
    }

    /**
     * Takes the run's ledger lines that its snapshot misses from the ledger files (written since the run
     * started), streaming; returns how many were added.
     */
    private long backfill(SourceReport report, WatchlistStore.Run run) {
        long[] added = {0};
        for (String endpoint : report.endpoints().keySet()) {
            List<LedgerEntry> missing = new ArrayList<>();
            ledger.scan(report, endpoint, raw -> true, line -> {
                LedgerEntry entry = entry(line);
                if (entry != null && !store.has(run.key(), endpoint, entry.query())) {
                    missing.add(entry);
                }
                if (missing.size() == 500) {
                    results.record(missing);
                    added[0] += missing.size();
                    missing.clear();
                }
                return true;
            });
            results.record(missing);
            added[0] += missing.size();
        }
        if (added[0] > 0) {
            LOG.info(
                    "Watch-list run {}: took {} ledger lines that its snapshot missed (written just before a stop) "
                            + "from the ledger files",
                    report.source(),
                    added[0]);
        }
        return added[0];
    }

    private LedgerEntry entry(JsonNode line) {
        try {
            return json.treeToValue(line, LedgerEntry.class);
        } catch (JsonProcessingException | IllegalArgumentException notALedgerLine) {
            return null;
        }
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

    /** Adds the comparison to the report, which is written after this (route report-write). */
    private static void addToReport(SourceReport report, ObjectNode changes) {
        report.more().put("changes", changes);
    }
}
