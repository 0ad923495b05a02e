package dev.patsnapcamel.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.PatentQuery;
import dev.patsnapcamel.model.WorkItem;

/**
 * Several nodes on one state database: each node's batch repositories ({@code <endpoint>@<node>}) see only
 * that node's rows, and a node that takes over a gone node's batches gets all of them, filling or
 * completed, as completed batches its aggregator recovers, each carrying its batch id (the queue message's
 * duplicate id), the same id a completed batch had when the gone node sent it.
 */
class BatchTakeoverTest {

    final CamelContext camel = new DefaultCamelContext();
    StateStore store;
    JdbcBatchRepository licenseOnA;
    JdbcBatchRepository customsOnA;
    JdbcBatchRepository licenseOnB;
    JdbcBatchRepository customsOnB;

    @BeforeEach
    void twoNodesOnOneDatabase() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        store = new StateStore(h2);
        store.migrate();
        // a node id as long as UserAgent.nodeId allows (64 characters) still fits the repository column
        String longNode = "b".repeat(64);
        licenseOnA = new JdbcBatchRepository(store, JdbcBatchRepository.nodeName("license", "node-a"));
        customsOnA = new JdbcBatchRepository(store, JdbcBatchRepository.nodeName("customs", "node-a"));
        licenseOnB = new JdbcBatchRepository(store, JdbcBatchRepository.nodeName("license", longNode));
        customsOnB = new JdbcBatchRepository(store, JdbcBatchRepository.nodeName("customs", longNode));
    }

    @Test
    void eachNodeSeesOnlyItsOwnBatches() {
        licenseOnA.add(camel, "license", batch(item(1)));
        Exchange completed = batch(item(2));
        licenseOnA.add(camel, "license", completed);
        licenseOnA.remove(camel, "license", completed);

        JdbcBatchRepository restartedB = new JdbcBatchRepository(store, licenseOnB.name());
        assertThat(restartedB.getKeys()).isEmpty();
        assertThat(restartedB.scan(camel)).isEmpty();
        assertThat(restartedB.get(camel, "license")).isNull();
        assertThat(new JdbcBatchRepository(store, licenseOnA.name()).scan(camel))
                .containsExactly(completed.getExchangeId());
    }

    @Test
    void aGoneNodesFillingAndCompletedBatchesMoveToTheTakerAsCompletedWithTheirBatchIds() {
        Exchange sent = batch(item(1), item(2));
        licenseOnA.add(camel, "license", sent);
        sent.setProperty(ExchangePropertyKey.AGGREGATED_COMPLETED_BY, "size");
        licenseOnA.remove(camel, "license", sent);
        String sentBatchId = sent.getProperty(Headers.BATCH_ID, String.class);
        assertThat(sentBatchId).isNotBlank();
        Exchange filling = batch(item(3));
        licenseOnA.add(camel, "license", filling);
        customsOnA.add(camel, "customs", batch(item(4)));
        // node B's own batch stays as it is
        licenseOnB.add(camel, "license", batch(item(5)));

        new BatchTakeover(List.of(customsOnB, licenseOnB)).takeOver("node-a");

        JdbcBatchRepository restartedA = new JdbcBatchRepository(store, licenseOnA.name());
        assertThat(restartedA.scan(camel)).isEmpty();
        assertThat(restartedA.getKeys()).isEmpty();
        assertThat(licenseOnB.getKeys()).containsExactly("license");
        List<Exchange> recovered = licenseOnB.scan(camel).stream()
                .map(id -> licenseOnB.recover(camel, id))
                .toList();
        assertThat(recovered).hasSize(2);
        assertThat(recovered)
                .extracting(e -> items(e))
                .containsExactlyInAnyOrder(List.of(item(1), item(2)), List.of(item(3)));
        // the batch node A had sent keeps its id: the broker's duplicate detection drops the second copy
        assertThat(recovered)
                .extracting(e -> e.getProperty(Headers.BATCH_ID, String.class))
                .contains(sentBatchId)
                .doesNotHaveDuplicates();
        assertThat(customsOnB.scan(camel)).hasSize(1);
        // the recovered exchange completes on B: its row goes
        for (Exchange e : recovered) {
            assertThat(licenseOnB.confirmWithResult(camel, e.getExchangeId())).isTrue();
        }
        assertThat(licenseOnB.scan(camel)).isEmpty();
        assertThat(licenseOnB.getKeys()).containsExactly("license");
    }

    @Test
    void aNodeCannotTakeOverItself() {
        assertThatThrownBy(() -> licenseOnA.takeOver("node-a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchTakeover(List.of(licenseOnA)).takeOver(" "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Exchange batch(WorkItem... items) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(new ArrayList<>(List.of(items)));
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
