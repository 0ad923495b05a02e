package dev.patsnapcamel.state;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import dev.patsnapcamel.ops.SafeUri;

/**
 * What the watch list remembers between its runs, in the state database:
 * <ul>
 * <li>{@code patsnap_watch_run}: one row per run (its source key and name, the watch list, the run it is
 * compared with, and once compared its state and counts);</li>
 * <li>{@code patsnap_watch_record}: per run, endpoint and ID, the status and the records (with their
 * digest and count) of the run's answer, or, for an ID that failed or was rejected in this run, the state
 * carried over from the previous run.</li>
 * <li>{@code patsnap_watch_origin}: whether the runs come from the built-in sandbox or the real API
 * ({@link #claim}).</li>
 * </ul>
 * Only the last compared run (the baseline) and the run in progress are kept. Comparing two runs is one
 * SQL query streamed row by row ({@link WatchlistComparison}), so memory does not grow with the size of the watch list.
 */
public final class WatchlistStore {

    /** States of a run: its results are being recorded; it was compared and is the new baseline; it could not be. */
    public static final String RUNNING = "running";

    public static final String BASELINE = "baseline";
    public static final String INCOMPLETE = "incomplete";

    /** One row of {@code patsnap_watch_run}. */
    public record Run(
            String key,
            String watchlist,
            String source,
            String previousKey,
            String state,
            long newCount,
            long changedCount,
            long removedCount,
            String changesFile) {}

    /** One ledger line as the watch list keeps it; {@code recordCount} and {@code digest} null when unknown. */
    public record Entry(
            String endpoint,
            String query,
            String status,
            String pn,
            String patentId,
            Integer recordCount,
            String digest,
            String records) {}

    /** One difference between two runs, as the comparison query yields it. */
    public record Difference(
            String endpoint, String query, String change, String pn, String patentId, String before, String after) {}

    /** Receives the differences one at a time. */
    public interface DifferenceSink {
        void accept(Difference difference) throws Exception;
    }

    private static final String ORIGIN_TABLE = "patsnap_watch_origin";
    private static final RowMapper<Run> RUN = (rs, n) -> new Run(
            rs.getString("source_key"),
            rs.getString("watchlist"),
            rs.getString("source"),
            rs.getString("previous_key"),
            rs.getString("state"),
            rs.getLong("new_count"),
            rs.getLong("changed_count"),
            rs.getLong("removed_count"),
            rs.getString("changes_file"));

    private final Database database;
    private final JdbcTemplate jdbc;

    public WatchlistStore(StateStore store) {
        this.database = store.database();
        this.jdbc = database.jdbc();
    }

    /**
     * Makes sure the watch list's runs are all of this kind, sandbox or real ({@code patsnap_watch_origin}), so
     * that invented answers never become the baseline of real ones (or the other way round); throws, naming the
     * store and what to do, when it holds runs of the other kind.
     *
     * @param url the state database's URL, for the message (its password masked)
     */
    public void claim(boolean sandbox, String url, Clock clock) {
        new DataOrigin(
                        database,
                        ORIGIN_TABLE,
                        "patsnap_watch_run",
                        "The watch-list store (the state database, state.jdbc.url " + SafeUri.of(url) + ")",
                        "point state.dir (or state.jdbc.url) at another state database, or delete the watch-list runs "
                                + "from this one (DELETE FROM patsnap_watch_record; DELETE FROM patsnap_watch_run; the next run "
                                + "sets a new baseline)",
                        clock)
                .claim(sandbox);
    }

    public Optional<Run> run(String key) {
        return jdbc.query("SELECT * FROM patsnap_watch_run WHERE source_key = ?", RUN, key).stream()
                .findFirst();
    }

    /** The run of this source, created (compared with the watch list's current baseline) if it is new. */
    public Run runFor(String key, String watchlist, String source) {
        Optional<Run> known = run(key);
        if (known.isPresent()) {
            return known.get();
        }
        String previous = baseline(watchlist, key).map(Run::key).orElse(null);
        // false when another batch of the same run created it meanwhile
        database.insertNew(
                "INSERT INTO patsnap_watch_run (source_key, watchlist, source, previous_key, state)"
                        + " VALUES (?, ?, ?, ?, ?)",
                key,
                watchlist,
                source,
                previous,
                RUNNING);
        return run(key).orElseThrow();
    }

    /** The watch list's last compared run other than {@code exceptKey}. */
    public Optional<Run> baseline(String watchlist, String exceptKey) {
        return jdbc
                .query(
                        "SELECT * FROM patsnap_watch_run WHERE watchlist = ? AND state = ? AND source_key <> ?",
                        RUN,
                        watchlist,
                        BASELINE,
                        exceptKey)
                .stream()
                .findFirst();
    }

    /**
     * Records the entries of one run in one transaction. An entry with {@code recordCount == null} (the ID
     * failed or was rejected in this run) takes over the previous run's state for it, if there is one.
     */
    public void record(Run run, List<Entry> entries) {
        try {
            database.inTransaction(() -> insert(run, entries));
        } catch (DuplicateKeyException e) {
            // some entries were recorded before (a repeated delivery): record the others one by one
            for (Entry entry : entries) {
                try {
                    database.inTransaction(() -> insert(run, List.of(entry)));
                } catch (DuplicateKeyException duplicate) {
                    // this one was recorded before
                }
            }
        }
    }

    private void insert(Run run, List<Entry> entries) {
        List<List<Object>> rows = new ArrayList<>();
        for (Entry e : entries) {
            if (e.recordCount() == null
                    && run.previousKey() != null
                    && jdbc.update(
                                    "INSERT INTO patsnap_watch_record"
                                            + " (source_key, endpoint, query_key, query, status, pn, patent_id, record_count, records_digest, records)"
                                            + " SELECT ?, endpoint, query_key, query, status, pn, patent_id, record_count, records_digest, records"
                                            + " FROM patsnap_watch_record WHERE source_key = ? AND endpoint = ? AND query_key = ?",
                                    run.key(),
                                    run.previousKey(),
                                    e.endpoint(),
                                    StateStore.queryKey(e.query()))
                            > 0) {
                continue;
            }
            rows.add(java.util.Arrays.asList(
                    run.key(),
                    e.endpoint(),
                    StateStore.queryKey(e.query()),
                    e.query().length() > 1000 ? e.query().substring(0, 1000) : e.query(),
                    e.status(),
                    e.pn(),
                    e.patentId(),
                    e.recordCount(),
                    e.digest(),
                    e.records()));
        }
        database.batch(
                "INSERT INTO patsnap_watch_record (source_key, endpoint, query_key, query, status, pn, patent_id,"
                        + " record_count, records_digest, records) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows);
    }

    /** Whether the run has an entry for this endpoint and ID. */
    public boolean has(String key, String endpoint, String query) {
        return !jdbc.queryForList(
                        "SELECT 1 FROM patsnap_watch_record WHERE source_key = ? AND endpoint = ? AND query_key = ?",
                        Integer.class,
                        key,
                        endpoint,
                        StateStore.queryKey(query))
                .isEmpty();
    }

    /** How many entries the run has recorded. */
    public long count(String key) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM patsnap_watch_record WHERE source_key = ?", Long.class, key);
    }

    /**
     * Streams the differences between a previous run and this one, ordered by endpoint and ID (see
     * {@link WatchlistComparison}).
     */
    public void differences(String previousKey, String currentKey, List<String> endpoints, DifferenceSink sink) {
        new WatchlistComparison(database).differences(previousKey, currentKey, endpoints, sink);
    }

    /** Marks a run compared: the new baseline of its watch list, with its counts. */
    public void settle(String key, long added, long changed, long removed, String changesFile) {
        jdbc.update(
                "UPDATE patsnap_watch_run SET state = ?, new_count = ?, changed_count = ?, removed_count = ?,"
                        + " changes_file = ? WHERE source_key = ?",
                BASELINE,
                added,
                changed,
                removed,
                changesFile,
                key);
    }

    /** Marks a run that could not be compared (its results are not all recorded); drops its entries. */
    public void markIncomplete(String key) {
        jdbc.update("UPDATE patsnap_watch_run SET state = ? WHERE source_key = ?", INCOMPLETE, key);
        jdbc.update("DELETE FROM patsnap_watch_record WHERE source_key = ?", key);
    }

    /** Forgets every run of the watch list except the given one (the new baseline). */
    public void prune(String watchlist, String keepKey) {
        for (String key : jdbc.queryForList(
                "SELECT source_key FROM patsnap_watch_run WHERE watchlist = ? AND source_key <> ?" + " AND state <> ?",
                String.class,
                watchlist,
                keepKey,
                RUNNING)) {
            jdbc.update("DELETE FROM patsnap_watch_record WHERE source_key = ?", key);
            jdbc.update("DELETE FROM patsnap_watch_run WHERE source_key = ?", key);
        }
    }
}
