package dev.patsnapcamel.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import dev.patsnapcamel.model.PatentQuery;
import dev.patsnapcamel.model.WorkItem;

/**
 * The batches' rows are written behind, all endpoints together, but never after the intake records the ID:
 * what the database holds after a crash (a fresh repository over it) always has every recorded ID in its
 * batches, and an ID not recorded yet is simply handed on again by the re-read.
 */
class JdbcBatchRepositoryTest {

    final CamelContext camel = new DefaultCamelContext();
    StateStore store;
    BatchWrites writes;
    JdbcIntakeRepository intake;
    JdbcBatchRepository license;
    JdbcBatchRepository customs;

    @BeforeEach
    void freshState() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        store = new StateStore(h2);
        store.migrate();
        new SourceRecords(store)
                .insert(new SourceRecords.Source(
                        "k1",
                        "ids.txt",
                        "fp",
                        List.of("customs", "license"),
                        "2026-12-01T00:00:00Z",
                        null,
                        false,
                        "file"));
        writes = new BatchWrites(store.database());
        intake = new JdbcIntakeRepository(store, writes);
        license = new JdbcBatchRepository(store, "license", writes);
        customs = new JdbcBatchRepository(store, "customs", writes);
    }

    @Test
    void anIdsItemsOfEveryEndpointAreWrittenBeforeItsRecordInOneGo() {
        Exchange l = batch(item(1));
        Exchange c = batch(item(1));
        license.add(camel, "license", l);
        customs.add(camel, "customs", c);
        // nothing written yet: the ID is not recorded either, so a crash now makes the re-read hand it on again
        assertThat(afterACrash("license").get(camel, "license")).isNull();
        assertThat(writes.waiting()).isEqualTo(4);

        assertThat(intake.add("k1|US10000001B2")).isTrue();

        assertThat(writes.waiting()).isZero();
        assertThat(items(afterACrash("license").get(camel, "license"))).containsExactly(item(1));
        assertThat(items(afterACrash("customs").get(camel, "customs"))).containsExactly(item(1));
        // the batch filling in memory is the same exchange, read back at no cost
        assertThat(license.get(camel, "license")).isSameAs(l);
    }

    @Test
    void aCompletedBatchIsWrittenWholeWithWhatWaitedAndRecoveredInOrder() {
        Exchange l = batch(item(1));
        license.add(camel, "license", l);
        intake.add("k1|US10000001B2");
        items(l).add(item(2));
        license.add(camel, "license", l);
        // the third item completes the batch by size: never added, written with the completion
        items(l).add(item(3));
        l.setProperty(ExchangePropertyKey.AGGREGATED_COMPLETED_BY, "size");

        license.remove(camel, "license", l);

        assertThat(writes.waiting()).isZero();
        JdbcBatchRepository restarted = afterACrash("license");
        assertThat(restarted.getKeys()).isEmpty();
        assertThat(restarted.scan(camel)).containsExactly(l.getExchangeId());
        assertThat(items(restarted.recover(camel, l.getExchangeId()))).containsExactly(item(1), item(2), item(3));
        assertThat(restarted.confirmWithResult(camel, l.getExchangeId())).isTrue();
        assertThat(restarted.scan(camel)).isEmpty();
    }

    @Test
    void aNewBatchAfterACompletedOneWaitsAsWellAndIsWrittenWithTheNextRecord() {
        Exchange first = batch(item(1));
        license.add(camel, "license", first);
        license.remove(camel, "license", first);
        Exchange second = batch(item(2));
        license.add(camel, "license", second);
        assertThat(afterACrash("license").getKeys()).isEmpty();

        intake.add("k1|US10000002B2");

        assertThat(afterACrash("license").getKeys()).containsExactly("license");
        assertThat(items(afterACrash("license").get(camel, "license"))).containsExactly(item(2));
    }

    /** A repository over the same database, as after kill -9 and a restart: only what was written. */
    @Test
    void aBatchWhoseCompletionCannotBeWrittenStaysFillingWithItsItems() {
        Switchable db = switchable();
        StateStore down = new StateStore(db);
        down.migrate();
        BatchWrites behind = new BatchWrites(down.database());
        JdbcBatchRepository repository = new JdbcBatchRepository(down, "license", behind);
        Exchange l = batch(item(1));
        repository.add(camel, "license", l);
        new JdbcIntakeRepository(down, behind).add("k1|US10000001B2");
        // the item that completes it (by size) is appended by the strategy, then the batch is removed
        items(l).add(item(2));
        db.down = true;

        assertThatThrownBy(() -> repository.remove(camel, "license", l))
                .isInstanceOf(org.springframework.transaction.CannotCreateTransactionException.class);

        // still filling, with both items: the next completion writes it whole
        assertThat(repository.get(camel, "license")).isSameAs(l);
        db.down = false;
        repository.remove(camel, "license", l);
        JdbcBatchRepository restarted = new JdbcBatchRepository(down, "license");
        assertThat(restarted.scan(camel)).containsExactly(l.getExchangeId());
        assertThat(items(restarted.recover(camel, l.getExchangeId()))).containsExactly(item(1), item(2));
    }

    @Test
    void aRecoveryScanWithoutTheDatabaseFindsNothingInsteadOfFailing() {
        Switchable db = switchable();
        StateStore down = new StateStore(db);
        down.migrate();
        JdbcBatchRepository repository = new JdbcBatchRepository(down, "license");
        Exchange l = batch(item(1));
        repository.add(camel, "license", l);
        repository.remove(camel, "license", l);
        db.down = true;

        // the aggregator's recovery task would never run again after a scan that threw
        assertThat(repository.scan(camel)).isEmpty();
        assertThat(repository.recover(camel, l.getExchangeId())).isNull();

        db.down = false;
        assertThat(repository.scan(camel)).containsExactly(l.getExchangeId());
        assertThat(items(repository.recover(camel, l.getExchangeId()))).containsExactly(item(1));
    }

    /** An H2 database that can be made unreachable (as a PostgreSQL server stopped). */
    static final class Switchable extends DelegatingDataSource {
        volatile boolean down;

        Switchable(JdbcDataSource h2) {
            super(h2);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) {
                throw new SQLTransientConnectionException("the database is down", "08001");
            }
            return super.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            if (down) {
                throw new SQLTransientConnectionException("the database is down", "08001");
            }
            return super.getConnection(user, password);
        }
    }

    private static Switchable switchable() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return new Switchable(h2);
    }

    private JdbcBatchRepository afterACrash(String endpoint) {
        return new JdbcBatchRepository(store, endpoint);
    }

    private Exchange batch(WorkItem first) {
        Exchange exchange = new DefaultExchange(camel);
        ArrayList<WorkItem> items = new ArrayList<>();
        items.add(first);
        exchange.getMessage().setBody(items);
        return exchange;
    }

    @SuppressWarnings("unchecked")
    private static List<WorkItem> items(Exchange exchange) {
        return exchange.getMessage().getBody(List.class);
    }

    private static WorkItem item(int n) {
        String id = "US" + (10_000_000 + n) + "B2";
        return new WorkItem("k1", "ids.txt", new PatentQuery(id, id, PatentQuery.Kind.PATENT_NUMBER, null));
    }
}
