package dev.patsnapcamel.state;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.patsnapcamel.model.LedgerEntry;

/**
 * Which ledger lines are written, in the state database: {@code patsnap_settled} (one row per source,
 * endpoint and ID that has its line) and {@code patsnap_ledger_checkpoint} (how far each ledger file is
 * known to be recorded there). Used by the ledger writer, within its transaction
 * ({@link Database#inTransaction}).
 */
public final class SettledLines {

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
