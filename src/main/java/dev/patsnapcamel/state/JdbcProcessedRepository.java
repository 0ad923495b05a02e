package dev.patsnapcamel.state;

import org.apache.camel.processor.idempotent.jdbc.JdbcCachedMessageIdRepository;

/**
 * Remembers which items a consumer has handled for good (e.g. which alert files were turned into mails), so
 * that a restart does not handle them again: camel-sql's {@link JdbcCachedMessageIdRepository} (one
 * repository per consumer name, its keys kept in memory too: a folder consumer asks about every file at
 * every poll) on the state database's {@code CAMEL_MESSAGEPROCESSED}, which Flyway creates
 * ({@code db/state/V2__camel_message_processed.sql}, with the rows of the earlier {@code patsnap_processed}).
 * Keys are file names or other short texts (up to 1000 characters).
 */
public final class JdbcProcessedRepository extends JdbcCachedMessageIdRepository {

    public JdbcProcessedRepository(StateStore store, String consumer) {
        super(store.dataSource(), consumer);
        setCreateTableIfNotExists(false);
    }
}
