package dev.patsnapcamel.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

import javax.sql.DataSource;

/**
 * The bundle's durable state in a relational database (an embedded H2 file under {@code state.dir} by
 * default; PostgreSQL by configuration, which is how several nodes will share the work):
 * <ul>
 * <li>{@code patsnap_source}: every input being processed, with what was read and the intake that took it;</li>
 * <li>{@code patsnap_intake}: the unique IDs each input has handed on (the idempotent consumer's memory);</li>
 * <li>{@code patsnap_settled}: the (input, endpoint, ID) triples that have their ledger line;</li>
 * <li>{@code patsnap_calls}: API calls per input and endpoint, for the report;</li>
 * <li>{@code patsnap_ledger_checkpoint}: how far each ledger file is known to be recorded in {@code patsnap_settled};</li>
 * <li>{@code patsnap_outbox}: runs of ledger lines not yet handed to the other outputs (see {@code LedgerOutbox});</li>
 * <li>{@code patsnap_batch}, {@code patsnap_batch_item}: the aggregators' batches, item by item;</li>
 * <li>{@code patsnap_processed}: items a consumer has handled for good (alert files turned into mails).</li>
 * </ul>
 */
public final class StateStore {

    /**
     * The intake kind of rows written before it was recorded, derived once from what the bundle itself
     * wrote: the watched folder's fingerprints all start with {@code file:} and SFTP's with {@code sftp:}
     * (a file named {@code queue:...} is still a file); a queue request's and a watch-list run's fingerprint
     * is their source name, {@code queue:<message id>} or {@code watchlist:<list>:<start>}, which no file's
     * fingerprint can be. Anything else is taken as a file: the configured outputs only, never a queue.
     */
    static final String DERIVE_OLD_INTAKES = "UPDATE patsnap_source SET intake = CASE"
            + " WHEN fingerprint LIKE 'file:%' THEN 'file'"
            + " WHEN fingerprint LIKE 'sftp:%' THEN 'sftp'"
            + " WHEN fingerprint = source AND source LIKE 'queue:%' THEN 'queue'"
            + " WHEN fingerprint = source AND source LIKE 'watchlist:%' THEN 'watchlist'"
            + " ELSE 'file' END WHERE intake IS NULL";

    private final DataSource dataSource;
    private final boolean postgres;

    public StateStore(DataSource dataSource, String jdbcUrl) {
        this.dataSource = dataSource;
        this.postgres = jdbcUrl.startsWith("jdbc:postgresql:");
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Creates the tables that do not exist yet. */
    public void migrate() {
        StringBuilder ddl = new StringBuilder();
        ddl.append("CREATE TABLE IF NOT EXISTS patsnap_source (source_key VARCHAR(64) PRIMARY KEY, source VARCHAR(1000) NOT NULL,"
                + " fingerprint VARCHAR(1200) NOT NULL, endpoints VARCHAR(1000) NOT NULL, started_at VARCHAR(40) NOT NULL,"
                + " ids_read BIGINT, read_complete BOOLEAN NOT NULL, completed BOOLEAN NOT NULL, intake VARCHAR(16));\n");
        // databases made before the intake kind was recorded: add it, and derive it once for their rows
        ddl.append("ALTER TABLE patsnap_source ADD COLUMN IF NOT EXISTS intake VARCHAR(16);\n");
        ddl.append(DERIVE_OLD_INTAKES).append(";\n");
        ddl.append("CREATE TABLE IF NOT EXISTS patsnap_intake (source_key VARCHAR(64) NOT NULL, query_key VARCHAR(300) NOT NULL,"
                + " PRIMARY KEY (source_key, query_key));\n");
        ddl.append("CREATE TABLE IF NOT EXISTS patsnap_settled (source_key VARCHAR(64) NOT NULL, endpoint VARCHAR(64) NOT NULL,"
                + " query_key VARCHAR(300) NOT NULL, status VARCHAR(16) NOT NULL, PRIMARY KEY (source_key, endpoint, query_key));\n");
        ddl.append("CREATE TABLE IF NOT EXISTS patsnap_calls (source_key VARCHAR(64) NOT NULL, endpoint VARCHAR(64) NOT NULL,"
                + " calls BIGINT NOT NULL, PRIMARY KEY (source_key, endpoint));\n");
        ddl.append("CREATE TABLE IF NOT EXISTS patsnap_ledger_checkpoint (ledger_file VARCHAR(1000) PRIMARY KEY,"
                + " position BIGINT NOT NULL);\n");
        ddl.append("CREATE TABLE IF NOT EXISTS patsnap_outbox (outbox_id VARCHAR(36) PRIMARY KEY, ledger_file VARCHAR(1000)"
                + " NOT NULL, from_position BIGINT NOT NULL, to_position BIGINT NOT NULL, run_id VARCHAR(36) NOT NULL);\n");
        ddl.append("CREATE TABLE IF NOT EXISTS patsnap_batch (batch_id VARCHAR(36) PRIMARY KEY, repository VARCHAR(64) NOT NULL,"
                + " correlation_key VARCHAR(255) NOT NULL, exchange_id VARCHAR(255), completed BOOLEAN NOT NULL,"
                + " completed_by VARCHAR(32));\n");
        ddl.append("CREATE INDEX IF NOT EXISTS patsnap_batch_by_key ON patsnap_batch (repository, completed, correlation_key);\n");
        ddl.append("CREATE INDEX IF NOT EXISTS patsnap_batch_by_exchange ON patsnap_batch (repository, exchange_id);\n");
        ddl.append("CREATE TABLE IF NOT EXISTS patsnap_batch_item (batch_id VARCHAR(36) NOT NULL, seq INT NOT NULL,"
                + " source_key VARCHAR(64) NOT NULL, source VARCHAR(1000) NOT NULL, kind VARCHAR(16) NOT NULL,"
                + " query VARCHAR(1000) NOT NULL, raw_value VARCHAR(1000) NOT NULL, PRIMARY KEY (batch_id, seq));\n");
        ddl.append("CREATE TABLE IF NOT EXISTS patsnap_processed (consumer VARCHAR(64) NOT NULL, item_key VARCHAR(300) NOT NULL,"
                + " PRIMARY KEY (consumer, item_key));\n");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String statement : ddl.toString().split(";\n")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the state tables: " + e.getMessage(), e);
        }
    }

    /**
     * Makes everything committed so far survive a crash of this process. PostgreSQL does that on every
     * commit; embedded H2 writes commits to its file in the background, a fraction of a second later, so
     * this asks it to write them now. Called before an input is let go (a file moved to .done): from then
     * on, nothing but the database remembers its IDs.
     */
    public void flush() {
        if (postgres) {
            return;
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot flush the state database: " + e.getMessage(), e);
        }
    }

    /** A key for a query that fits the key columns: the query itself, or a digest of a very long (rejected) value. */
    public static String queryKey(String query) {
        if (query.length() <= 256) {
            return query;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(query.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean isDuplicateKey(SQLException e) {
        // 23505 unique violation (H2, PostgreSQL); 23000 integrity constraint (others)
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }
}
