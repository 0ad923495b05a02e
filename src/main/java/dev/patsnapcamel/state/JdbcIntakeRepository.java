package dev.patsnapcamel.state;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The idempotent consumer's memory of the IDs each input has handed on, in {@code patsnap_intake}: a
 * duplicate within a file is asked for once, and a file read again after a crash hands on only the
 * IDs it had not handed on before. Keys have the form {@code <source key>|<query>}; source keys never
 * contain {@code |}.
 * <p>
 * Not camel-sql's {@code JdbcMessageIdRepository}: that one keeps one opaque key per repository, while these
 * rows are counted per source for its report ({@link SourceRecords#uniqueCount}) and deleted per source,
 * in chunks, when it completes.
 */
public final class JdbcIntakeRepository extends ServiceSupport implements IdempotentRepository {

    private final Database database;

    public JdbcIntakeRepository(StateStore store) {
        this.database = store.database();
    }

    @Override
    public boolean add(String key) {
        return database.insertNew(
                "INSERT INTO patsnap_intake (source_key, query_key) VALUES (?, ?)", source(key), query(key));
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
