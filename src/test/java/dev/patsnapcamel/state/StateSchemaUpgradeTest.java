package dev.patsnapcamel.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.patsnapcamel.model.PatentQuery;
import dev.patsnapcamel.model.WorkItem;

/**
 * A state database made by the release before Flyway (its tables created by DDL strings in the classes, the
 * fixture below is a copy of them) keeps working: the first start baselines it and brings it up to date,
 * every row it holds is still read, new writes work, and what was mailed before is not mailed again. On H2 and
 * on a real PostgreSQL server.
 */
public class StateSchemaUpgradeTest {

    static EmbeddedPostgres postgres;
    static final List<HikariDataSource> pools = new ArrayList<>();

    static Stream<String> databases() {
        return Stream.of("h2", "postgresql");
    }

    /** The previous release's DDL: StateStore.migrate, QueueRequestRecords.migrate, WatchlistStore.migrate, DataOrigin.ddl. */
    public static List<String> oldSchema(boolean onPostgres) {
        String text = onPostgres ? "TEXT" : "VARCHAR(1000000)";
        String origin = " (id INTEGER PRIMARY KEY, origin VARCHAR(16) NOT NULL, marked_at VARCHAR(40) NOT NULL)";
        return List.of(
                "CREATE TABLE IF NOT EXISTS patsnap_source (source_key VARCHAR(64) PRIMARY KEY, source VARCHAR(1000) NOT NULL,"
                        + " fingerprint VARCHAR(1200) NOT NULL, endpoints VARCHAR(1000) NOT NULL, started_at VARCHAR(40) NOT NULL,"
                        + " ids_read BIGINT, read_complete BOOLEAN NOT NULL, completed BOOLEAN NOT NULL, intake VARCHAR(16))",
                "ALTER TABLE patsnap_source ADD COLUMN IF NOT EXISTS intake VARCHAR(16)",
                "CREATE TABLE IF NOT EXISTS patsnap_intake (source_key VARCHAR(64) NOT NULL, query_key VARCHAR(300) NOT NULL,"
                        + " PRIMARY KEY (source_key, query_key))",
                "CREATE TABLE IF NOT EXISTS patsnap_settled (source_key VARCHAR(64) NOT NULL, endpoint VARCHAR(64) NOT NULL,"
                        + " query_key VARCHAR(300) NOT NULL, status VARCHAR(16) NOT NULL, PRIMARY KEY (source_key, endpoint, query_key))",
                "CREATE TABLE IF NOT EXISTS patsnap_calls (source_key VARCHAR(64) NOT NULL, endpoint VARCHAR(64) NOT NULL,"
                        + " calls BIGINT NOT NULL, PRIMARY KEY (source_key, endpoint))",
                "CREATE TABLE IF NOT EXISTS patsnap_ledger_checkpoint (ledger_file VARCHAR(1000) PRIMARY KEY,"
                        + " position BIGINT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS patsnap_outbox (outbox_id VARCHAR(36) PRIMARY KEY, ledger_file VARCHAR(1000)"
                        + " NOT NULL, from_position BIGINT NOT NULL, to_position BIGINT NOT NULL, run_id VARCHAR(36) NOT NULL)",
                "CREATE TABLE IF NOT EXISTS patsnap_batch (batch_id VARCHAR(36) PRIMARY KEY, repository VARCHAR(64) NOT NULL,"
                        + " correlation_key VARCHAR(255) NOT NULL, exchange_id VARCHAR(255), completed BOOLEAN NOT NULL,"
                        + " completed_by VARCHAR(32))",
                "CREATE INDEX IF NOT EXISTS patsnap_batch_by_key ON patsnap_batch (repository, completed, correlation_key)",
                "CREATE INDEX IF NOT EXISTS patsnap_batch_by_exchange ON patsnap_batch (repository, exchange_id)",
                "CREATE TABLE IF NOT EXISTS patsnap_batch_item (batch_id VARCHAR(36) NOT NULL, seq INT NOT NULL,"
                        + " source_key VARCHAR(64) NOT NULL, source VARCHAR(1000) NOT NULL, kind VARCHAR(16) NOT NULL,"
                        + " query VARCHAR(1000) NOT NULL, raw_value VARCHAR(1000) NOT NULL, PRIMARY KEY (batch_id, seq))",
                "CREATE TABLE IF NOT EXISTS patsnap_processed (consumer VARCHAR(64) NOT NULL, item_key VARCHAR(300) NOT NULL,"
                        + " PRIMARY KEY (consumer, item_key))",
                "CREATE TABLE IF NOT EXISTS patsnap_state_origin" + origin,
                "CREATE TABLE IF NOT EXISTS patsnap_queue_request (source VARCHAR(1000) PRIMARY KEY,"
                        + " broker VARCHAR(16) NOT NULL, correlation_id VARCHAR(1000), received_at VARCHAR(40) NOT NULL)",
                "CREATE INDEX IF NOT EXISTS patsnap_source_by_fingerprint ON patsnap_source (fingerprint)",
                "CREATE TABLE IF NOT EXISTS patsnap_watch_run (source_key VARCHAR(64) PRIMARY KEY,"
                        + " watchlist VARCHAR(255) NOT NULL, source VARCHAR(1000) NOT NULL, previous_key VARCHAR(64),"
                        + " state VARCHAR(16) NOT NULL, new_count BIGINT, changed_count BIGINT, removed_count BIGINT,"
                        + " changes_file VARCHAR(1000))",
                "CREATE INDEX IF NOT EXISTS patsnap_watch_run_by_list ON patsnap_watch_run (watchlist, state)",
                "CREATE TABLE IF NOT EXISTS patsnap_watch_record (source_key VARCHAR(64) NOT NULL,"
                        + " endpoint VARCHAR(64) NOT NULL, query_key VARCHAR(300) NOT NULL, query VARCHAR(1000) NOT NULL,"
                        + " status VARCHAR(16) NOT NULL, pn VARCHAR(100), patent_id VARCHAR(64), record_count INT,"
                        + " records_digest VARCHAR(64), records " + text
                        + ", PRIMARY KEY (source_key, endpoint, query_key))",
                "CREATE TABLE IF NOT EXISTS patsnap_watch_origin" + origin);
    }

    /** What a sandbox run of the previous release left behind when it stopped with work in progress. */
    static final List<String> OLD_ROWS = List.of(
            "INSERT INTO patsnap_source VALUES ('k-open', 'open.txt', 'file:open.txt|10|1', 'license,litigation',"
                    + " '2026-11-30T10:00:00Z', 2, TRUE, FALSE, 'file')",
            "INSERT INTO patsnap_source VALUES ('k-done', 'done.txt', 'file:done.txt|10|1', 'license',"
                    + " '2026-11-29T10:00:00Z', 1, TRUE, TRUE, 'file')",
            "INSERT INTO patsnap_intake VALUES ('k-open', 'US10000001B2')",
            "INSERT INTO patsnap_intake VALUES ('k-open', 'US10000002B2')",
            "INSERT INTO patsnap_settled VALUES ('k-open', 'license', 'US10000001B2', 'found')",
            "INSERT INTO patsnap_calls VALUES ('k-open', 'license', 3)",
            "INSERT INTO patsnap_ledger_checkpoint VALUES ('/data/outbox/license/ledger-2026-11-30.jsonl', 512)",
            "INSERT INTO patsnap_outbox VALUES ('o-1', '/data/outbox/license/ledger-2026-11-30.jsonl', 256, 512, 'old-run')",
            "INSERT INTO patsnap_batch VALUES ('b-1', 'litigation', 'litigation', 'ex-parked', TRUE, 'size')",
            "INSERT INTO patsnap_batch_item VALUES ('b-1', 0, 'k-open', 'open.txt', 'PATENT_NUMBER', 'US10000002B2', 'US 10000002 B2')",
            "INSERT INTO patsnap_processed VALUES ('alerts-to-mail', '20261130T100000000Z-1-account-stopped.json')",
            "INSERT INTO patsnap_state_origin VALUES (1, 'sandbox', '2026-11-30T09:00:00Z')",
            "INSERT INTO patsnap_queue_request VALUES ('queue:ID:1', 'jms', 'corr-1', '2026-11-30T10:00:00Z')",
            "INSERT INTO patsnap_watch_run VALUES ('w-1', 'list.txt', 'watchlist:list.txt:2026-11-29T02:00:00Z', NULL,"
                    + " 'baseline', 1, 0, 0, NULL)",
            "INSERT INTO patsnap_watch_record VALUES ('w-1', 'license', 'US10000001B2', 'US10000001B2', 'found', 'US10000001B2',"
                    + " 'id-1', 1, 'd1', '[{\"a\":1}]')",
            "INSERT INTO patsnap_watch_origin VALUES (1, 'sandbox', '2026-11-29T02:00:00Z')");

    @ParameterizedTest
    @MethodSource("databases")
    void aStateDatabaseOfThePreviousReleaseIsTakenOverWithItsRows(String database) throws Exception {
        HikariDataSource pool = pool(database);
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            for (String sql : oldSchema(database.equals("postgresql"))) {
                s.execute(sql);
            }
            for (String sql : OLD_ROWS) {
                s.execute(sql);
            }
        }

        StateStore store = new StateStore(pool);
        MigrateResult first = store.migrate();
        assertThat(first.migrationsExecuted).isEqualTo(10);
        assertThat(store.migrate().migrationsExecuted).isZero(); // every later start

        // what the old release wrote is read as before
        SourceRecords sources = new SourceRecords(store);
        assertThat(sources.unfinished("file:open.txt|10|1")).get().satisfies(s -> {
            assertThat(s.endpoints()).containsExactly("license", "litigation");
            assertThat(s.idsRead()).isEqualTo(2);
            assertThat(s.intake()).isEqualTo("file");
        });
        assertThat(sources.completed("k-done")).isTrue();
        assertThat(sources.uniqueCount("k-open")).isEqualTo(2);
        assertThat(sources.settled("k-open", "license", "US10000001B2")).isTrue();
        assertThat(sources.calls("k-open")).isEqualTo(Map.of("license", 3L));
        JdbcIntakeRepository intake = new JdbcIntakeRepository(store);
        assertThat(intake.contains("k-open|US10000002B2")).isTrue();
        assertThat(intake.add("k-open|US10000002B2")).isFalse();
        SettledLines settled = new SettledLines(store);
        Path ledger = Path.of("/data/outbox/license/ledger-2026-11-30.jsonl");
        assertThat(settled.checkpoint(ledger)).contains(512L);
        assertThat(new OutboxEntries(store).ofOtherRuns("this-run"))
                .containsExactly(new OutboxEntries.Entry("o-1", ledger, 256, 512));
        CamelContext camel = new DefaultCamelContext();
        JdbcBatchRepository batches = new JdbcBatchRepository(store, "litigation");
        assertThat(batches.scan(camel)).containsExactly("ex-parked");
        assertThat(batches.recover(camel, "ex-parked").getMessage().getBody(List.class))
                .containsExactly(new WorkItem(
                        "k-open",
                        "open.txt",
                        new PatentQuery("US 10000002 B2", "US10000002B2", PatentQuery.Kind.PATENT_NUMBER, null)));
        JdbcProcessedRepository mailed = new JdbcProcessedRepository(store, "alerts-to-mail");
        mailed.start();
        assertThat(mailed.contains("20261130T100000000Z-1-account-stopped.json"))
                .isTrue(); // not mailed again
        assertThat(new QueueRequestRecords(store).find("queue:ID:1"))
                .contains(new QueueRequestRecords.Request("queue:ID:1", "jms", "corr-1"));
        WatchlistStore watchlist = new WatchlistStore(store);
        assertThat(watchlist.baseline("list.txt", "w-2"))
                .get()
                .extracting(WatchlistStore.Run::key)
                .isEqualTo("w-1");
        // the kind markers are kept: an open sandbox input refuses a real run
        sources.claimOrigin(true, "jdbc:test", Clock.systemUTC());
        assertThatThrownBy(() -> sources.claimOrigin(false, "jdbc:test", Clock.systemUTC()))
                .hasMessageContaining("holds answers invented by the built-in sandbox");
        watchlist.claim(true, "jdbc:test", Clock.systemUTC());

        // and new writes work
        sources.insert(new SourceRecords.Source(
                "k-new",
                "new.txt",
                "file:new.txt|5|1",
                List.of("license"),
                "2026-12-01T10:00:00Z",
                null,
                false,
                "file"));
        sources.addCall("k-open", "license");
        sources.addCall("k-new", "license");
        assertThat(sources.calls("k-open")).isEqualTo(Map.of("license", 4L));
        assertThat(intake.add("k-new|US10000003B2")).isTrue();
        settled.database().inTransaction(() -> settled.moveCheckpoint(ledger, 768));
        assertThat(settled.checkpoint(ledger)).contains(768L);
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage()
                .setBody(new ArrayList<>(List.of(new WorkItem(
                        "k-new",
                        "new.txt",
                        new PatentQuery("US10000003B2", "US10000003B2", PatentQuery.Kind.PATENT_NUMBER, null)))));
        batches.add(camel, "litigation", exchange);
        assertThat(batches.getKeys()).containsExactly("litigation");
        assertThat(mailed.add("20261201T100000000Z-1-account-stopped.json")).isTrue();
        assertThat(mailed.add("20261130T100000000Z-1-account-stopped.json")).isFalse();
        new QueueRequestRecords(store).remember(new QueueRequestRecords.Request("queue:ID:2", "amqp", null), "now");
        assertThat(watchlist
                        .runFor("w-2", "list.txt", "watchlist:list.txt:2026-11-30T02:00:00Z")
                        .previousKey())
                .isEqualTo("w-1");
        sources.complete("k-open");
        assertThat(sources.uniqueCount("k-open")).isZero();
        assertThat(sources.completed("k-open")).isTrue();
    }

    static HikariDataSource pool(String database) throws IOException, SQLException {
        HikariConfig config = new HikariConfig();
        if (database.equals("h2")) {
            config.setJdbcUrl("jdbc:h2:mem:state-upgrade-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        } else {
            if (postgres == null) {
                postgres = EmbeddedPostgres.start();
            }
            String name = "state_upgrade_" + System.nanoTime();
            try (Connection c = postgres.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            config.setJdbcUrl(postgres.getJdbcUrl("postgres", name));
            config.setUsername("postgres");
            config.setPassword("postgres");
        }
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    @AfterAll
    static void close() throws IOException {
        pools.forEach(HikariDataSource::close);
        if (postgres != null) {
            postgres.close();
        }
    }
}
