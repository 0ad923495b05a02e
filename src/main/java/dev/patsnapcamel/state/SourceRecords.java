package dev.patsnapcamel.state;

import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import dev.patsnapcamel.ops.SafeUri;

/** The durable record of each input being processed: {@code patsnap_source}, {@code patsnap_calls} and counts. */
public final class SourceRecords {

    /**
     * One row of {@code patsnap_source}; {@code intake} is the kind of intake that took the input
     * ({@link #INTAKES}), set by the intake route itself and never derived from the name.
     */
    public record Source(
            String key,
            String name,
            String fingerprint,
            List<String> endpoints,
            String startedAt,
            Long idsRead,
            boolean readComplete,
            String intake) {}

    /** The intake kinds a source can come from. */
    public static final List<String> INTAKES = List.of("file", "sftp", "queue", "watchlist");

    private static final RowMapper<Source> SOURCE = (rs, n) -> {
        long idsRead = rs.getLong("ids_read");
        return new Source(
                rs.getString("source_key"),
                rs.getString("source"),
                rs.getString("fingerprint"),
                Arrays.asList(rs.getString("endpoints").split(",")),
                rs.getString("started_at"),
                rs.wasNull() ? null : idsRead,
                rs.getBoolean("read_complete"),
                rs.getString("intake"));
    };

    private final StateStore store;
    private final Database database;
    private final JdbcTemplate jdbc;

    public SourceRecords(StateStore store) {
        this.store = store;
        this.database = store.database();
        this.jdbc = database.jdbc();
    }

    /** The unfinished source with this fingerprint, if a crash interrupted it. */
    public Optional<Source> unfinished(String fingerprint) {
        return jdbc
                .query("SELECT * FROM patsnap_source WHERE fingerprint = ? AND completed = FALSE", SOURCE, fingerprint)
                .stream()
                .findFirst();
    }

    public List<Source> unfinished() {
        return jdbc.query("SELECT * FROM patsnap_source WHERE completed = FALSE", SOURCE);
    }

    public Optional<Source> find(String key) {
        return jdbc.query("SELECT * FROM patsnap_source WHERE source_key = ?", SOURCE, key).stream()
                .findFirst();
    }

    public void insert(Source s) {
        if (s.intake() == null || !INTAKES.contains(s.intake())) {
            throw new IllegalArgumentException("unknown intake kind '" + s.intake() + "' (known: " + INTAKES + ")");
        }
        jdbc.update(
                "INSERT INTO patsnap_source (source_key, source, fingerprint, endpoints, started_at, ids_read, read_complete,"
                        + " completed, intake) VALUES (?, ?, ?, ?, ?, NULL, FALSE, FALSE, ?)",
                s.key(),
                s.name(),
                s.fingerprint(),
                String.join(",", s.endpoints()),
                s.startedAt(),
                s.intake());
    }

    /**
     * The intake kind of a source, as its intake recorded it; {@code file} (the configured outputs only, no
     * intake of its own takes part) for a key that is not known.
     */
    public String intakeOf(String key) {
        String intake = jdbc
                .query("SELECT intake FROM patsnap_source WHERE source_key = ?", (rs, n) -> rs.getString(1), key)
                .stream()
                .findFirst()
                .orElse(null);
        return intake == null ? "file" : intake;
    }

    /** Whether the source is done (its report written); lines and calls for it are repeats. */
    public boolean completed(String key) {
        return count("SELECT COUNT(*) FROM patsnap_source WHERE source_key = ? AND completed = TRUE", key) > 0;
    }

    /** Whether the ID of the source already has its ledger line for the endpoint. */
    public boolean settled(String key, String endpoint, String query) {
        return count(
                        "SELECT COUNT(*) FROM patsnap_settled WHERE source_key = ? AND endpoint = ? AND query_key = ?",
                        key,
                        endpoint,
                        StateStore.queryKey(query))
                > 0;
    }

    /** Records the end of reading, durably: the input itself may be gone after this. */
    public void readComplete(String key, long idsRead) {
        jdbc.update("UPDATE patsnap_source SET ids_read = ?, read_complete = TRUE WHERE source_key = ?", idsRead, key);
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
        jdbc.query(
                "SELECT endpoint, status, COUNT(*) FROM patsnap_settled WHERE source_key = ? GROUP BY endpoint, status",
                rs -> {
                    counts.computeIfAbsent(rs.getString(1), e -> new LinkedHashMap<>())
                            .put(rs.getString(2), rs.getLong(3));
                },
                key);
        return counts;
    }

    /** Per endpoint: how many of the source's lines were settled from a stored answer (without a call). */
    public Map<String, Long> reusedCounts(String key) {
        return perEndpoint(
                "SELECT endpoint, COUNT(*) FROM patsnap_settled WHERE source_key = ? AND reused = TRUE GROUP BY endpoint",
                key);
    }

    public void addCall(String key, String endpoint) {
        String increment = "UPDATE patsnap_calls SET calls = calls + 1 WHERE source_key = ? AND endpoint = ?";
        if (jdbc.update(increment, key, endpoint) == 0
                && !database.insertNew(
                        "INSERT INTO patsnap_calls (source_key, endpoint, calls) VALUES (?, ?, 1)", key, endpoint)) {
            jdbc.update(increment, key, endpoint); // another call of the same source inserted it meanwhile
        }
    }

    public Map<String, Long> calls(String key) {
        return perEndpoint("SELECT endpoint, calls FROM patsnap_calls WHERE source_key = ?", key);
    }

    /** The results PatSnap billed for the source's IDs, per endpoint (kept by {@link BilledResults}). */
    public Map<String, Long> billed(String key) {
        return perEndpoint("SELECT endpoint, billed_results FROM patsnap_calls WHERE source_key = ?", key);
    }

    /** A count per endpoint of one source: {@code sql} selects (endpoint, count) for the source key. */
    private Map<String, Long> perEndpoint(String sql, String key) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query(
                sql,
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                },
                key);
        return counts;
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
        new DataOrigin(
                        database,
                        "patsnap_state_origin",
                        "The state database (state.jdbc.url " + SafeUri.of(url) + ")",
                        "let its open inputs finish with the same kind first, or point state.dir (or state.jdbc.url) at "
                                + "another state database",
                        clock,
                        "SELECT 1 FROM patsnap_source WHERE completed = FALSE")
                .claim(sandbox);
    }

    /**
     * Marks the source done, then drops its per-ID bookkeeping in transactions of {@value #RETIRE_CHUNK}
     * rows, so that retiring a source of a million IDs needs little memory in the database. Each chunk's
     * keys are read first and deleted by primary key (a {@code DELETE ... WHERE (a, b) IN (SELECT ... FETCH
     * FIRST n)} is evaluated row by row by H2: minutes for a few thousand IDs). A crash in between leaves
     * rows of a completed source behind, which nothing reads.
     */
    public void complete(String key) {
        jdbc.update("UPDATE patsnap_source SET completed = TRUE WHERE source_key = ?", key);
        deleteInChunks("patsnap_intake", List.of("query_key"), key);
        deleteInChunks("patsnap_settled", List.of("endpoint", "query_key"), key);
        jdbc.update("DELETE FROM patsnap_calls WHERE source_key = ?", key);
    }

    /**
     * Deletes the rows of a source from a table whose primary key is {@code source_key} and {@code columns},
     * {@value #RETIRE_CHUNK} at a time, each chunk in its own transaction.
     */
    private void deleteInChunks(String table, List<String> columns, String key) {
        String select = "SELECT " + String.join(", ", columns) + " FROM " + table + " WHERE source_key = ? FETCH FIRST "
                + RETIRE_CHUNK + " ROWS ONLY";
        String delete = "DELETE FROM " + table + " WHERE source_key = ?"
                + columns.stream().map(col -> " AND " + col + " = ?").collect(Collectors.joining());
        while (database.inTransaction(() -> {
            List<List<Object>> rows = jdbc.query(
                    select,
                    (rs, n) -> {
                        List<Object> row = new java.util.ArrayList<>(List.of(key));
                        for (int i = 1; i <= columns.size(); i++) {
                            row.add(rs.getString(i));
                        }
                        return row;
                    },
                    key);
            database.batch(delete, rows);
            return !rows.isEmpty();
        })) {
            // the next chunk
        }
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }
}
