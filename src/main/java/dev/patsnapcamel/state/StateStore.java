package dev.patsnapcamel.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import javax.sql.DataSource;

import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundle's durable state in a relational database (an embedded H2 file under {@code state.dir} by
 * default; PostgreSQL by configuration, which is how several nodes will share the work), its schema in
 * {@code db/state/V*.sql} (Flyway, history in {@code state_schema_history}):
 * <ul>
 * <li>{@code patsnap_source}: every input being processed, with what was read and the intake that took it;</li>
 * <li>{@code patsnap_intake}: the unique IDs each input has handed on (the idempotent consumer's memory);</li>
 * <li>{@code patsnap_settled}: the (input, endpoint, ID) triples that have their ledger line;</li>
 * <li>{@code patsnap_calls}: API calls and billed results per input and endpoint, for the report;</li>
 * <li>{@code patsnap_billed_day}, {@code patsnap_bill_check}: the results PatSnap billed per day and endpoint,
 * and their reconciliation with PatSnap's statement ({@link BilledResults});</li>
 * <li>{@code patsnap_ledger_checkpoint}: how far each ledger file is known to be recorded in {@code patsnap_settled};</li>
 * <li>{@code patsnap_outbox}: runs of ledger lines not yet handed to the other outputs (see {@code LedgerOutbox});</li>
 * <li>{@code patsnap_batch}, {@code patsnap_batch_item}: the aggregators' batches, item by item;</li>
 * <li>{@code patsnap_queue_request}: where the answers to each queue request go;</li>
 * <li>{@code patsnap_watch_run}, {@code patsnap_watch_record}: the watch list's runs;</li>
 * <li>{@code patsnap_inbox_claim}: in cluster mode, which node reads which input ({@link InboxClaims});</li>
 * <li>{@code patsnap_node}: the live nodes of a cluster ({@link ClusterNodes});</li>
 * <li>{@code CAMEL_MESSAGEPROCESSED}: items a consumer has handled for good (alert files turned into mails),
 * camel-sql's idempotent repository.</li>
 * </ul>
 */
public final class StateStore {

    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);

    private final Database database;

    public StateStore(DataSource dataSource) {
        this.database = new Database(dataSource);
    }

    public DataSource dataSource() {
        return database.dataSource();
    }

    /** The database with its SQL helpers, for the classes of the state. */
    public Database database() {
        return database;
    }

    /**
     * Creates the tables, or brings a state database made by an earlier release up to date
     * ({@code db/state/}); a database already up to date is left alone.
     */
    public MigrateResult migrate() {
        MigrateResult result = database.migrate(
                "db/state",
                "state_schema_history",
                Map.of(
                        "long_text",
                        database.dialect() == Database.Dialect.POSTGRESQL ? "TEXT" : "VARCHAR(1000000)",
                        // a statement for PostgreSQL only (a partial index): a comment elsewhere
                        "postgresql_only",
                        database.dialect() == Database.Dialect.POSTGRESQL ? "" : "-- "));
        LOG.info(
                "State database schema at version {} ({} migrations applied now)",
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
        return result;
    }

    /**
     * Makes everything committed so far survive a crash of this process. PostgreSQL does that on every
     * commit; embedded H2 writes commits to its file in the background, a fraction of a second later, so
     * this asks it to write them now. Called before an input is let go (a file moved to .done): from then
     * on, nothing but the database remembers its IDs.
     */
    public void flush() {
        if (database.dialect() == Database.Dialect.H2) {
            database.jdbc().execute("CHECKPOINT");
        }
    }

    /** A key for a query that fits the key columns: the query itself, or a digest of a very long (rejected) value. */
    public static String queryKey(String query) {
        if (query.length() <= 256) {
            return query;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
