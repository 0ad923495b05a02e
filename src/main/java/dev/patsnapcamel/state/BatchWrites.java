package dev.patsnapcamel.state;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows of the batches still filling that the batch repositories ({@link JdbcBatchRepository}, one per
 * endpoint) have not written yet: a new batch and each item added to it wait here, and are written
 * together, in one transaction, when the intake records an ID as handed on ({@link JdbcIntakeRepository#add},
 * which writes them before its own row) or when a batch completes ({@link JdbcBatchRepository#remove}, in
 * the transaction that marks it completed).
 * <p>
 * So an ID costs one transaction for its items of all endpoints, instead of one per endpoint, and the rule
 * crash recovery rests on still holds: an ID recorded as handed on has its items in the database (written
 * first). Rows not written yet when the bundle dies belong to IDs not recorded yet, which a re-read hands
 * on again, and to batches still filling, which the repositories keep in memory meanwhile. One per state
 * database, shared by the repositories of all endpoints and the intake's.
 */
public final class BatchWrites {

    private static final String NEW_BATCH =
            "INSERT INTO patsnap_batch (batch_id, repository, correlation_key, exchange_id, completed)"
                    + " VALUES (?, ?, ?, ?, FALSE)";
    private static final String NEW_ITEM =
            "INSERT INTO patsnap_batch_item (batch_id, seq, source_key, source, kind, query, raw_value)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final Database database;
    private final List<List<Object>> batches = new ArrayList<>();
    private final List<List<Object>> items = new ArrayList<>();

    public BatchWrites(Database database) {
        this.database = database;
    }

    /** A new batch of a repository, filling (batch_id, repository, correlation_key, exchange_id). */
    synchronized void newBatch(String batchId, String repository, String key, String exchangeId) {
        batches.add(List.of(batchId, repository, key, exchangeId));
    }

    /** An item of a batch (batch_id, seq, source_key, source, kind, query, raw_value). */
    synchronized void item(List<Object> row) {
        items.add(row);
    }

    /** Writes what waits, in one transaction; nothing when nothing waits. */
    public synchronized void write() {
        if (!batches.isEmpty() || !items.isEmpty()) {
            writeWith(() -> {});
        }
    }

    /**
     * Writes what waits and then {@code more}, in one transaction. What waits is kept when the transaction
     * fails, so it is written by the next call.
     */
    synchronized void writeWith(Runnable more) {
        database.inTransaction(() -> {
            database.batch(idempotent(NEW_BATCH), batches);
            database.batch(idempotent(NEW_ITEM), items);
            more.run();
        });
        batches.clear();
        items.clear();
    }

    /**
     * The insert, made harmless to repeat on PostgreSQL: a commit the driver reported as failed may have
     * been made (the connection lost just after it), and what waits is then written again; the rows are
     * the same (same batch id and place), so the second write leaves them alone instead of failing the
     * input on a duplicate key. Embedded H2 has no such doubt.
     */
    String idempotent(String insert) {
        return database.dialect() == Database.Dialect.POSTGRESQL ? insert + " ON CONFLICT DO NOTHING" : insert;
    }

    /** Rows of batches still filling not written yet (tests). */
    synchronized int waiting() {
        return batches.size() + items.size();
    }
}
