package dev.patsnapcamel.state;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

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
 * SQL query streamed row by row, so memory does not grow with the size of the watch list.
 */
public final class WatchlistStore {

    /** States of a run: its results are being recorded; it was compared and is the new baseline; it could not be. */
    public static final String RUNNING = "running";
    public static final String BASELINE = "baseline";
    public static final String INCOMPLETE = "incomplete";

    /** One row of {@code patsnap_watch_run}. */
    public record Run(String key, String watchlist, String source, String previousKey, String state, long newCount,
            long changedCount, long removedCount, String changesFile) {
    }

    /** One ledger line as the watch list keeps it; {@code recordCount} and {@code digest} null when unknown. */
    public record Entry(String endpoint, String query, String status, String pn, String patentId, Integer recordCount,
            String digest, String records) {
    }

    /** One difference between two runs, as the comparison query yields it. */
    public record Difference(String endpoint, String query, String change, String pn, String patentId, String before,
            String after) {
    }

    /** Receives the differences one at a time. */
    public interface DifferenceSink {
        void accept(Difference difference) throws Exception;
    }

    private static final String ORIGIN_TABLE = "patsnap_watch_origin";

    private final StateStore store;

    public WatchlistStore(StateStore store) {
        this.store = store;
    }

    /** Creates the two tables if they do not exist (H2 and PostgreSQL). */
    public void migrate() {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            // records in the row itself (H2 keeps a CLOB apart, which is slow for millions of small values)
            String text = isPostgres(c) ? "TEXT" : "VARCHAR(1000000)";
            s.execute("CREATE TABLE IF NOT EXISTS patsnap_watch_run (source_key VARCHAR(64) PRIMARY KEY,"
                    + " watchlist VARCHAR(255) NOT NULL, source VARCHAR(1000) NOT NULL, previous_key VARCHAR(64),"
                    + " state VARCHAR(16) NOT NULL, new_count BIGINT, changed_count BIGINT, removed_count BIGINT,"
                    + " changes_file VARCHAR(1000))");
            s.execute("CREATE INDEX IF NOT EXISTS patsnap_watch_run_by_list ON patsnap_watch_run (watchlist, state)");
            s.execute("CREATE TABLE IF NOT EXISTS patsnap_watch_record (source_key VARCHAR(64) NOT NULL,"
                    + " endpoint VARCHAR(64) NOT NULL, query_key VARCHAR(300) NOT NULL, query VARCHAR(1000) NOT NULL,"
                    + " status VARCHAR(16) NOT NULL, pn VARCHAR(100), patent_id VARCHAR(64), record_count INT,"
                    + " records_digest VARCHAR(64), records " + text + ", PRIMARY KEY (source_key, endpoint, query_key))");
            s.execute(DataOrigin.ddl(ORIGIN_TABLE));
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * Makes sure the watch list's runs are all of this kind, sandbox or real ({@code patsnap_watch_origin}), so
     * that invented answers never become the baseline of real ones (or the other way round); throws, naming the
     * store and what to do, when it holds runs of the other kind.
     *
     * @param url the state database's URL, for the message (its password masked)
     */
    public void claim(boolean sandbox, String url, Clock clock) {
        new DataOrigin(store.dataSource(), ORIGIN_TABLE, "patsnap_watch_run",
                "The watch-list store (the state database, state.jdbc.url "
                        + url.replaceAll("(?i)(password=)[^;&]*", "$1xxxxxx") + ")",
                "point state.dir (or state.jdbc.url) at another state database, or delete the watch-list runs "
                        + "from this one (DELETE FROM patsnap_watch_record; DELETE FROM patsnap_watch_run; the next run "
                        + "sets a new baseline)", clock).claim(sandbox);
    }

    private static boolean isPostgres(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        return meta.getDatabaseProductName().toLowerCase().contains("postgres");
    }

    public Optional<Run> run(String key) {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT * FROM patsnap_watch_run WHERE source_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(run(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The run of this source, created (compared with the watch list's current baseline) if it is new. */
    public Run runFor(String key, String watchlist, String source) {
        Optional<Run> known = run(key);
        if (known.isPresent()) {
            return known.get();
        }
        String previous = baseline(watchlist, key).map(Run::key).orElse(null);
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO patsnap_watch_run (source_key, watchlist, source, previous_key, state) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, watchlist);
            ps.setString(3, source);
            ps.setString(4, previous);
            ps.setString(5, RUNNING);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!StateStore.isDuplicateKey(e)) {
                throw failure(e);
            }
            // another batch of the same run created it meanwhile
        }
        return run(key).orElseThrow();
    }

    /** The watch list's last compared run other than {@code exceptKey}. */
    public Optional<Run> baseline(String watchlist, String exceptKey) {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM patsnap_watch_run WHERE watchlist = ? AND state = ? AND source_key <> ?")) {
            ps.setString(1, watchlist);
            ps.setString(2, BASELINE);
            ps.setString(3, exceptKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(run(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * Records the entries of one run in one transaction. An entry with {@code recordCount == null} (the ID
     * failed or was rejected in this run) takes over the previous run's state for it, if there is one.
     */
    public void record(Run run, List<Entry> entries) {
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                insert(c, run, entries);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                if (!StateStore.isDuplicateKey(e)) {
                    throw e;
                }
                // some entries were recorded before (a repeated delivery): record the others one by one
                for (Entry entry : entries) {
                    try {
                        insert(c, run, List.of(entry));
                        c.commit();
                    } catch (SQLException duplicate) {
                        c.rollback();
                        if (!StateStore.isDuplicateKey(duplicate)) {
                            throw duplicate;
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static void insert(Connection c, Run run, List<Entry> entries) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO patsnap_watch_record (source_key, endpoint, query_key,"
                + " query, status, pn, patent_id, record_count, records_digest, records) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement carry = c.prepareStatement("INSERT INTO patsnap_watch_record (source_key, endpoint,"
                        + " query_key, query, status, pn, patent_id, record_count, records_digest, records) SELECT ?, endpoint,"
                        + " query_key, query, status, pn, patent_id, record_count, records_digest, records"
                        + " FROM patsnap_watch_record WHERE source_key = ? AND endpoint = ? AND query_key = ?")) {
            boolean batched = false;
            for (Entry e : entries) {
                if (e.recordCount() == null && run.previousKey() != null) {
                    carry.setString(1, run.key());
                    carry.setString(2, run.previousKey());
                    carry.setString(3, e.endpoint());
                    carry.setString(4, StateStore.queryKey(e.query()));
                    if (carry.executeUpdate() > 0) {
                        continue;
                    }
                }
                insert.setString(1, run.key());
                insert.setString(2, e.endpoint());
                insert.setString(3, StateStore.queryKey(e.query()));
                insert.setString(4, e.query().length() > 1000 ? e.query().substring(0, 1000) : e.query());
                insert.setString(5, e.status());
                insert.setString(6, e.pn());
                insert.setString(7, e.patentId());
                if (e.recordCount() == null) {
                    insert.setNull(8, Types.INTEGER);
                } else {
                    insert.setInt(8, e.recordCount());
                }
                insert.setString(9, e.digest());
                insert.setString(10, e.records());
                insert.addBatch();
                batched = true;
            }
            if (batched) {
                insert.executeBatch();
            }
        }
    }

    /** Whether the run has an entry for this endpoint and ID. */
    public boolean has(String key, String endpoint, String query) {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM patsnap_watch_record WHERE source_key = ? AND endpoint = ? AND query_key = ?")) {
            ps.setString(1, key);
            ps.setString(2, endpoint);
            ps.setString(3, StateStore.queryKey(query));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** How many entries the run has recorded. */
    public long count(String key) {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM patsnap_watch_record WHERE source_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * Streams the differences between a previous run and this one, ordered by endpoint and ID:
     * {@code removed} (records before; none now, or the ID left the list), {@code changed} (other records
     * now), {@code new} (records now; none before, or not known before). IDs without a known state now
     * (failed or rejected, nothing to carry over) are left out, and so are endpoints this run did not ask
     * (an endpoint taken out of {@code patsnap.endpoints} does not "remove" its records).
     */
    public void differences(String previousKey, String currentKey, List<String> endpoints, DifferenceSink sink) {
        if (endpoints.isEmpty()) {
            return;
        }
        String asked = String.join(", ", java.util.Collections.nCopies(endpoints.size(), "?"));
        // keys and kinds only: the records are fetched one difference at a time, so that the database never
        // sorts or buffers them
        String sql = "SELECT p.endpoint, p.query_key, p.query,"
                + " CASE WHEN c.query_key IS NULL OR c.record_count = 0 THEN 'removed' ELSE 'changed' END,"
                + " COALESCE(c.pn, p.pn), COALESCE(c.patent_id, p.patent_id)"
                + " FROM patsnap_watch_record p LEFT JOIN patsnap_watch_record c"
                + " ON c.source_key = ? AND c.endpoint = p.endpoint AND c.query_key = p.query_key"
                + " WHERE p.source_key = ? AND p.endpoint IN (" + asked + ") AND p.record_count > 0"
                + " AND (c.query_key IS NULL OR (c.records_digest IS NOT NULL AND c.records_digest <> p.records_digest))"
                + " UNION ALL"
                + " SELECT c.endpoint, c.query_key, c.query, 'new', c.pn, c.patent_id"
                + " FROM patsnap_watch_record c LEFT JOIN patsnap_watch_record p"
                + " ON p.source_key = ? AND p.endpoint = c.endpoint AND p.query_key = c.query_key"
                + " WHERE c.source_key = ? AND c.record_count > 0"
                + " AND (p.query_key IS NULL OR p.record_count IS NULL OR p.record_count = 0)"
                + " ORDER BY 1, 2";
        try (Connection c = store.dataSource().getConnection(); Connection lookup = store.dataSource().getConnection();
                PreparedStatement records = lookup.prepareStatement(
                        "SELECT records FROM patsnap_watch_record WHERE source_key = ? AND endpoint = ? AND query_key = ?")) {
            // PostgreSQL streams a result only within a transaction and with a fetch size
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(500);
                int i = 1;
                ps.setString(i++, currentKey);
                ps.setString(i++, previousKey);
                for (String endpoint : endpoints) {
                    ps.setString(i++, endpoint);
                }
                ps.setString(i++, previousKey);
                ps.setString(i, currentKey);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String endpoint = rs.getString(1);
                        String queryKey = rs.getString(2);
                        String change = rs.getString(4);
                        String before = "new".equals(change) ? null : records(records, previousKey, endpoint, queryKey);
                        String after = records(records, currentKey, endpoint, queryKey);
                        sink.accept(new Difference(endpoint, rs.getString(3), change, rs.getString(5), rs.getString(6),
                                before, after));
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw failure(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the differences: " + e.getMessage(), e);
        }
    }

    private static String records(PreparedStatement records, String key, String endpoint, String queryKey)
            throws SQLException {
        records.setString(1, key);
        records.setString(2, endpoint);
        records.setString(3, queryKey);
        try (ResultSet rs = records.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Marks a run compared: the new baseline of its watch list, with its counts. */
    public void settle(String key, long added, long changed, long removed, String changesFile) {
        update("UPDATE patsnap_watch_run SET state = ?, new_count = ?, changed_count = ?, removed_count = ?, changes_file = ?"
                + " WHERE source_key = ?", BASELINE, added, changed, removed, changesFile, key);
    }

    /** Marks a run that could not be compared (its results are not all recorded); drops its entries. */
    public void markIncomplete(String key) {
        update("UPDATE patsnap_watch_run SET state = ? WHERE source_key = ?", INCOMPLETE, key);
        update("DELETE FROM patsnap_watch_record WHERE source_key = ?", key);
    }

    /** Forgets every run of the watch list except the given one (the new baseline). */
    public void prune(String watchlist, String keepKey) {
        for (String key : keys("SELECT source_key FROM patsnap_watch_run WHERE watchlist = ? AND source_key <> ? AND state <> ?",
                watchlist, keepKey, RUNNING)) {
            update("DELETE FROM patsnap_watch_record WHERE source_key = ?", key);
            update("DELETE FROM patsnap_watch_run WHERE source_key = ?", key);
        }
    }

    private List<String> keys(String sql, Object... args) {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<String> keys = new java.util.ArrayList<>();
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
                return keys;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static Run run(ResultSet rs) throws SQLException {
        return new Run(rs.getString("source_key"), rs.getString("watchlist"), rs.getString("source"),
                rs.getString("previous_key"), rs.getString("state"), rs.getLong("new_count"), rs.getLong("changed_count"),
                rs.getLong("removed_count"), rs.getString("changes_file"));
    }

    private static IllegalStateException failure(SQLException e) {
        return new IllegalStateException("state database (watch list): " + e.getMessage(), e);
    }
}
