package dev.patsnapcamel.state;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import dev.patsnapcamel.model.LedgerEntry;

/**
 * Which ledger lines are written, in the state database: {@code patsnap_settled} (one row per source,
 * endpoint and ID that has its line) and {@code patsnap_ledger_checkpoint} (how far each ledger file is
 * known to be recorded there). Used by the ledger writer, within its transaction
 * ({@link Database#inTransaction}).
 * <p>
 * Working alone, the writer asks which entries are {@link #unsettled} and {@link #settle}s them; in cluster
 * mode it {@link #claim}s them instead: the database decides which node settles each (source, endpoint, ID).
 */
public final class SettledLines {

    /** Rows per claiming statement (5 bound values each). */
    private static final int CLAIM_CHUNK = 500;

    private static final Comparator<LedgerEntry> KEY_ORDER = Comparator.comparing(LedgerEntry::sourceKey)
            .thenComparing(LedgerEntry::endpoint)
            .thenComparing(e -> StateStore.queryKey(e.query()));

    private final StateStore store;

    public SettledLines(StateStore store) {
        this.store = store;
    }

    public Database database() {
        return store.database();
    }

    /**
     * The entries without a line yet, each once (a batch offered again after a crash can hold an ID twice);
     * a completed source takes no more lines (its bookkeeping is gone).
     */
    public List<LedgerEntry> unsettled(List<LedgerEntry> entries) {
        List<LedgerEntry> fresh = new ArrayList<>(entries.size());
        Set<String> seen = new HashSet<>();
        for (LedgerEntry e : entries) {
            boolean known = !store.database()
                    .jdbc()
                    .queryForList(
                            "SELECT 1 FROM patsnap_settled WHERE source_key = ? AND endpoint = ?"
                                    + " AND query_key = ? UNION ALL SELECT 1 FROM patsnap_source WHERE source_key = ? AND completed = TRUE",
                            Integer.class,
                            e.sourceKey(),
                            e.endpoint(),
                            StateStore.queryKey(e.query()),
                            e.sourceKey())
                    .isEmpty();
            if (!known && seen.add(e.sourceKey() + '|' + e.endpoint() + '|' + e.query())) {
                fresh.add(e);
            }
        }
        return fresh;
    }

    /** Records that the entries have their ledger line (and which of them were settled from a stored answer). */
    public void settle(List<LedgerEntry> entries) {
        store.database()
                .batch(
                        "INSERT INTO patsnap_settled (source_key, endpoint, query_key, status, reused)"
                                + " VALUES (?, ?, ?, ?, ?)",
                        entries.stream()
                                .map(e -> List.of(
                                        e.sourceKey(),
                                        e.endpoint(),
                                        StateStore.queryKey(e.query()),
                                        e.recordedStatus(),
                                        e.wasReused()))
                                .toList());
    }

    /**
     * Cluster mode: inserts the entries' rows in {@code patsnap_settled}, each once, skipping those of completed
     * sources, and returns the entries whose row THIS call inserted (another node, or an earlier batch, may
     * have settled the others). On PostgreSQL {@code INSERT ... ON CONFLICT DO NOTHING RETURNING}: a row being
     * inserted by another node's open transaction waits for it, so each row is inserted by exactly one node.
     * Rows go in key order, so that two nodes claiming overlapping batches never deadlock. Counts the
     * inserted rows in their sources' {@code settled_lines}. Within the caller's transaction.
     */
    public List<LedgerEntry> claim(List<LedgerEntry> entries) {
        Set<String> completed = completedAmong(entries);
        Map<String, LedgerEntry> distinct = new LinkedHashMap<>();
        for (LedgerEntry e : entries) {
            if (!completed.contains(e.sourceKey())) {
                distinct.putIfAbsent(key(e.sourceKey(), e.endpoint(), StateStore.queryKey(e.query())), e);
            }
        }
        List<LedgerEntry> ordered = new ArrayList<>(distinct.values());
        ordered.sort(KEY_ORDER);
        List<LedgerEntry> inserted = new ArrayList<>(ordered.size());
        Database db = store.database();
        if (db.dialect() == Database.Dialect.POSTGRESQL) {
            for (int from = 0; from < ordered.size(); from += CLAIM_CHUNK) {
                List<LedgerEntry> chunk = ordered.subList(from, Math.min(ordered.size(), from + CLAIM_CHUNK));
                List<Object> values = new ArrayList<>(chunk.size() * 5);
                for (LedgerEntry e : chunk) {
                    values.addAll(row(e));
                }
                String sql = "INSERT INTO patsnap_settled (source_key, endpoint, query_key, status, reused) VALUES "
                        + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?)"))
                        + " ON CONFLICT (source_key, endpoint, query_key) DO NOTHING"
                        + " RETURNING source_key, endpoint, query_key";
                db.jdbc()
                        .query(
                                sql,
                                rs -> {
                                    inserted.add(distinct.get(key(rs.getString(1), rs.getString(2), rs.getString(3))));
                                },
                                values.toArray());
            }
            inserted.sort(KEY_ORDER);
        } else {
            // H2 (tests): a duplicate key fails the one statement only, not the transaction
            for (LedgerEntry e : ordered) {
                if (db.insertNew(
                        "INSERT INTO patsnap_settled (source_key, endpoint, query_key, status, reused)"
                                + " VALUES (?, ?, ?, ?, ?)",
                        row(e).toArray())) {
                    inserted.add(e);
                }
            }
        }
        countSettled(inserted);
        return inserted;
    }

    /** Adds the inserted rows to their sources' counters (counted once from the table while still NULL). */
    private void countSettled(List<LedgerEntry> inserted) {
        Map<String, Long> perSource = new TreeMap<>();
        inserted.forEach(e -> perSource.merge(e.sourceKey(), 1L, Long::sum));
        perSource.forEach((key, n) -> store.database()
                .jdbc()
                .update(
                        "UPDATE patsnap_source SET settled_lines = CASE WHEN settled_lines IS NULL"
                                + " THEN (SELECT COUNT(*) FROM patsnap_settled t WHERE t.source_key = ?)"
                                + " ELSE settled_lines + ? END WHERE source_key = ?",
                        key,
                        n,
                        key));
    }

    private Set<String> completedAmong(List<LedgerEntry> entries) {
        List<String> keys =
                entries.stream().map(LedgerEntry::sourceKey).distinct().toList();
        if (keys.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(store.database()
                .jdbc()
                .queryForList(
                        "SELECT source_key FROM patsnap_source WHERE completed = TRUE AND source_key IN ("
                                + String.join(", ", Collections.nCopies(keys.size(), "?")) + ")",
                        String.class,
                        keys.toArray()));
    }

    private static List<Object> row(LedgerEntry e) {
        return List.of(e.sourceKey(), e.endpoint(), StateStore.queryKey(e.query()), e.recordedStatus(), e.wasReused());
    }

    private static String key(String sourceKey, String endpoint, String queryKey) {
        return sourceKey + '\n' + endpoint + '\n' + queryKey;
    }

    /** Whether the source is still being processed (its lines are still recorded). */
    public boolean unfinished(String sourceKey) {
        return !store.database()
                .jdbc()
                .queryForList(
                        "SELECT 1 FROM patsnap_source WHERE source_key = ? AND completed = FALSE",
                        Integer.class,
                        sourceKey)
                .isEmpty();
    }

    /** How far the ledger file is recorded; empty for a file never recorded. */
    public Optional<Long> checkpoint(Path file) {
        return store
                .database()
                .jdbc()
                .queryForList(
                        "SELECT position FROM patsnap_ledger_checkpoint WHERE ledger_file = ?",
                        Long.class,
                        file.toString())
                .stream()
                .findFirst();
    }

    /** Moves the file's checkpoint to {@code position}. */
    public void moveCheckpoint(Path file, long position) {
        store.database()
                .upsert(
                        "patsnap_ledger_checkpoint",
                        List.of("ledger_file", "position"),
                        List.of("ledger_file"),
                        List.of(List.of(file.toString(), position)));
    }
}
