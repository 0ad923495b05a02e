package dev.patsnapcamel.state;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * The rows of {@code patsnap_outbox}: runs of ledger lines (a byte range of one ledger file) written but not yet
 * handed to the other outputs, each marked with the run of the bundle that wrote it (see {@code LedgerOutbox}).
 */
public final class OutboxEntries {

    /** One entry: its id, and the bytes {@code [from, to)} of the ledger file. */
    public record Entry(String id, Path file, long from, long to) {}

    private final StateStore store;

    public OutboxEntries(StateStore store) {
        this.store = store;
    }

    /** Records (in the caller's transaction, if any) that the bytes {@code [from, to)} of the file are lines to hand on. */
    public String record(Path file, long from, long to, String run) {
        String id = UUID.randomUUID().toString();
        store.database()
                .jdbc()
                .update(
                        "INSERT INTO patsnap_outbox (outbox_id, ledger_file, from_position, to_position, run_id)"
                                + " VALUES (?, ?, ?, ?, ?)",
                        id,
                        file.toString(),
                        from,
                        to,
                        run);
        return id;
    }

    /** The entries recorded by other runs than this one, oldest first. */
    public List<Entry> ofOtherRuns(String run) {
        return store.database()
                .jdbc()
                .query(
                        "SELECT outbox_id, ledger_file, from_position, to_position FROM patsnap_outbox"
                                + " WHERE run_id <> ? ORDER BY ledger_file, from_position",
                        (rs, n) -> new Entry(rs.getString(1), Path.of(rs.getString(2)), rs.getLong(3), rs.getLong(4)),
                        run);
    }

    public void delete(List<String> ids) {
        store.database()
                .batch(
                        "DELETE FROM patsnap_outbox WHERE outbox_id = ?",
                        ids.stream().map(List::of).toList());
    }
}
