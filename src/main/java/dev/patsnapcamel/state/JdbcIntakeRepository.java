package dev.patsnapcamel.state;

import java.util.concurrent.TimeUnit;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * The idempotent consumer's memory of the IDs each input has handed on, in {@code patsnap_intake}: a
 * duplicate within a file is asked for once, and a file read again after a crash hands on only the
 * IDs it had not handed on before. Keys have the form {@code <source key>|<query>}; source keys never
 * contain {@code |}.
 * <p>
 * Not camel-sql's {@code JdbcMessageIdRepository}: that one keeps one opaque key per repository, while these
 * rows are counted per source for its report ({@link SourceRecords#uniqueCount}) and deleted per source,
 * in chunks, when it completes.
 * <p>
 * Recording an ID writes the rows of the batches still filling that wait in {@link BatchWrites} first (the
 * ID's items of every endpoint among them): an ID recorded as handed on is always in its batches in the
 * database, so a crash never loses it.
 */
public final class JdbcIntakeRepository extends ServiceSupport implements IdempotentRepository {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcIntakeRepository.class);
    /** How long recording an ID waits for a state database out of reach before it gives up. */
    static final long MAX_WAIT_MS = TimeUnit.MINUTES.toMillis(10);

    private static final long RETRY_MS = 1000;

    private final Database database;
    private final BatchWrites writes;

    /** The intake's memory, which writes the batch rows waiting in {@code writes} before each ID it records. */
    public JdbcIntakeRepository(StateStore store, BatchWrites writes) {
        this.database = store.database();
        this.writes = writes;
    }

    /** With no batch rows of its own to write (reading, tests). */
    public JdbcIntakeRepository(StateStore store) {
        this(store, new BatchWrites(store.database()));
    }

    @Override
    public boolean add(String key) {
        long deadline = System.currentTimeMillis() + MAX_WAIT_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                // the ID's items in its batches first (and whatever else waits): then its record, never before
                writes.write();
                // a repeat (the insert had reached the database before the connection broke) is no error
                return database.insertNew(
                        "INSERT INTO patsnap_intake (source_key, query_key) VALUES (?, ?)", source(key), query(key));
            } catch (DataAccessResourceFailureException
                    | TransientDataAccessException
                    | RecoverableDataAccessException
                    | CannotCreateTransactionException
                    | TransactionSystemException unreachable) {
                if (isStoppingOrStopped() || System.currentTimeMillis() + RETRY_MS > deadline) {
                    throw unreachable;
                }
                if (attempt == 1) {
                    LOG.warn(
                            "The state database cannot be reached to record a handed-on ID: trying again every {} ms"
                                    + " ({})",
                            RETRY_MS,
                            unreachable.getMessage());
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the state database", e);
        }
    }

    @Override
    public boolean contains(String key) {
        return !database.jdbc()
                .queryForList(
                        "SELECT 1 FROM patsnap_intake WHERE source_key = ? AND query_key = ?",
                        Integer.class,
                        source(key),
                        query(key))
                .isEmpty();
    }

    @Override
    public boolean remove(String key) {
        return database.jdbc()
                        .update(
                                "DELETE FROM patsnap_intake WHERE source_key = ? AND query_key = ?",
                                source(key),
                                query(key))
                > 0;
    }

    private static String source(String key) {
        return key.substring(0, key.indexOf('|'));
    }

    private static String query(String key) {
        return StateStore.queryKey(key.substring(key.indexOf('|') + 1));
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("the intake memory is cleared per source when the source completes");
    }
}
