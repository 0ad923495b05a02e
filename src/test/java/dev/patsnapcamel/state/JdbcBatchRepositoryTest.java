package dev.patsnapcamel.state;

import static org.assertj.core.api.Assertions.assertThat;

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
