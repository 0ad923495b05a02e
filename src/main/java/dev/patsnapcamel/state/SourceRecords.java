package dev.patsnapcamel.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The durable record of each input being processed: {@code patsnap_source}, {@code patsnap_calls} and counts. */
public final class SourceRecords {

    /**
     * One row of {@code patsnap_source}; {@code intake} is the kind of intake that took the input
     * ({@link #INTAKES}), set by the intake route itself and never derived from the name.
     */
    public record Source(String key, String name, String fingerprint, List<String> endpoints, String startedAt,
            Long idsRead, boolean readComplete, String intake) {
    }

    /** The intake kinds a source can come from. */
    public static final List<String> INTAKES = List.of("file", "sftp", "queue", "watchlist");

    private final StateStore store;

    public SourceRecords(StateStore store) {
        this.store = store;
    }

    /** The unfinished source with this fingerprint, if a crash interrupted it. */
    public Optional<Source> unfinished(String fingerprint) {
        return query("SELECT * FROM patsnap_source WHERE fingerprint = ? AND completed = FALSE", fingerprint).stream()
                .findFirst();
    }

    public List<Source> unfinished() {
        return query("SELECT * FROM patsnap_source WHERE completed = FALSE");
    }

    public Optional<Source> find(String key) {
        return query("SELECT * FROM patsnap_source WHERE source_key = ?", key).stream().findFirst();
    }

    public void insert(Source s) {
        if (s.intake() == null || !INTAKES.contains(s.intake())) {
            throw new IllegalArgumentException("unknown intake kind '" + s.intake() + "' (known: " + INTAKES + ")");
        }
        update("INSERT INTO patsnap_source (source_key, source, fingerprint, endpoints, started_at, ids_read, read_complete,"
                + " completed, intake) VALUES (?, ?, ?, ?, ?, NULL, FALSE, FALSE, ?)", s.key(), s.name(), s.fingerprint(),
                String.join(",", s.endpoints()), s.startedAt(), s.intake());
    }

    /**
     * The intake kind of a source, as its intake recorded it; {@code file} (the configured outputs only, no
     * intake of its own takes part) for a key that is not known.
     */
    public String intakeOf(String key) {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT intake FROM patsnap_source WHERE source_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                String intake = rs.next() ? rs.getString(1) : null;
                return intake == null ? "file" : intake;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Whether the source is done (its report written); lines and calls for it are repeats. */
    public boolean completed(String key) {
        return count("SELECT COUNT(*) FROM patsnap_source WHERE source_key = ? AND completed = TRUE", key) > 0;
    }

    /** Whether the ID of the source already has its ledger line for the endpoint. */
    public boolean settled(String key, String endpoint, String query) {
        return count("SELECT COUNT(*) FROM patsnap_settled WHERE source_key = ? AND endpoint = ? AND query_key = ?", key,
                endpoint, StateStore.queryKey(query)) > 0;
    }

    /** Records the end of reading, durably: the input itself may be gone after this. */
    public void readComplete(String key, long idsRead) {
        update("UPDATE patsnap_source SET ids_read = ?, read_complete = TRUE WHERE source_key = ?", idsRead, key);
        store.flush();
    }

    /** Unique values the source handed on (valid and locally rejected). */
    public long uniqueCount(String key) {
        return count("SELECT COUNT(*) FROM patsnap_intake WHERE source_key = ?", key);
    }

    public long settledCount(String key) {
        return count("SELECT COUNT(*) FROM patsnap_settled WHERE source_key = ?", key);
    }

    /** Ledger lines per endpoint and status. */
    public Map<String, Map<String, Long>> statusCounts(String key) {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT endpoint, status, COUNT(*) FROM patsnap_settled"
                        + " WHERE source_key = ? GROUP BY endpoint, status")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.computeIfAbsent(rs.getString(1), e -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return counts;
    }

    public void addCall(String key, String endpoint) {
        if (update("UPDATE patsnap_calls SET calls = calls + 1 WHERE source_key = ? AND endpoint = ?", key, endpoint) == 0) {
            try {
                update("INSERT INTO patsnap_calls (source_key, endpoint, calls) VALUES (?, ?, 1)", key, endpoint);
            } catch (IllegalStateException raced) {
                update("UPDATE patsnap_calls SET calls = calls + 1 WHERE source_key = ? AND endpoint = ?", key, endpoint);
            }
        }
    }

    public Map<String, Long> calls(String key) {
        Map<String, Long> calls = new LinkedHashMap<>();
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT endpoint, calls FROM patsnap_calls WHERE source_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    calls.put(rs.getString(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return calls;
    }

    /** Rows of per-ID bookkeeping deleted per transaction when a source is retired. */
    private static final int RETIRE_CHUNK = 10_000;

    /**
     * Makes sure that the inputs still open in the state database were made by the same kind of answers
     * as this run's (the built-in sandbox or the real API): their parked batches would otherwise be called
     * on the other one (invented work billed by PatSnap, or real work answered with invented data). Once
     * they are finished, the marker follows the run's kind. Throws, naming the store and what to do.
     *
     * @param url the state database's URL, for the message (its password masked)
     */
    public void claimOrigin(boolean sandbox, String url, Clock clock) {
        DataOrigin origin = new DataOrigin(store.dataSource(), "patsnap_state_origin",
                "The state database (state.jdbc.url " + url.replaceAll("(?i)(password=)[^;&]*", "$1xxxxxx") + ")",
                "let its open inputs finish with the same kind first, or point state.dir (or state.jdbc.url) at "
                        + "another state database", clock, "SELECT 1 FROM patsnap_source WHERE completed = FALSE");
        origin.createTable();
        origin.claim(sandbox);
    }

    /**
     * Marks the source done, then drops its per-ID bookkeeping in transactions of {@value #RETIRE_CHUNK}
     * rows, so that retiring a source of a million IDs needs little memory in the database. Each chunk's
     * keys are read first and deleted by primary key (a {@code DELETE ... WHERE (a, b) IN (SELECT ... FETCH
     * FIRST n)} is evaluated row by row by H2: minutes for a few thousand IDs). A crash in between leaves
     * rows of a completed source behind, which nothing reads.
     */
    public void complete(String key) {
        try (Connection c = store.dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE patsnap_source SET completed = TRUE WHERE source_key = ?")) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
            deleteInChunks(c, "patsnap_intake", List.of("query_key"), key);
            deleteInChunks(c, "patsnap_settled", List.of("endpoint", "query_key"), key);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM patsnap_calls WHERE source_key = ?")) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * Deletes the rows of a source from a table whose primary key is {@code source_key} and {@code columns},
     * {@value #RETIRE_CHUNK} at a time, each chunk in its own transaction.
     */
    private static void deleteInChunks(Connection c, String table, List<String> columns, String key) throws SQLException {
        String select = "SELECT " + String.join(", ", columns) + " FROM " + table + " WHERE source_key = ? FETCH FIRST "
                + RETIRE_CHUNK + " ROWS ONLY";
        String delete = "DELETE FROM " + table + " WHERE source_key = ?"
                + columns.stream().map(col -> " AND " + col + " = ?").collect(Collectors.joining());
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement find = c.prepareStatement(select); PreparedStatement drop = c.prepareStatement(delete)) {
            find.setString(1, key);
            while (true) {
                int rows = 0;
                try (ResultSet rs = find.executeQuery()) {
                    while (rs.next()) {
                        drop.setString(1, key);
                        for (int i = 0; i < columns.size(); i++) {
                            drop.setString(i + 2, rs.getString(i + 1));
                        }
                        drop.addBatch();
                        rows++;
                    }
                }
                if (rows == 0) {
                    c.commit();
                    return;
                }
                drop.executeBatch();
                c.commit();
            }
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private List<Source> query(String sql, Object... args) {
        List<Source> rows = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long idsRead = rs.getLong("ids_read");
                    rows.add(new Source(rs.getString("source_key"), rs.getString("source"), rs.getString("fingerprint"),
                            Arrays.asList(rs.getString("endpoints").split(",")), rs.getString("started_at"),
                            rs.wasNull() ? null : idsRead, rs.getBoolean("read_complete"), rs.getString("intake")));
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return rows;
    }

    private long count(String sql, Object... args) {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private static IllegalStateException failure(SQLException e) {
        return new IllegalStateException("state database: " + e.getMessage(), e);
    }
}
