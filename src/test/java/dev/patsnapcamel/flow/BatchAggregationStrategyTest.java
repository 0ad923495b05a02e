package dev.patsnapcamel.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.PatentQuery;
import dev.patsnapcamel.model.WorkItem;

/**
 * When a part-full batch leaves, with the aggregator as the endpoint routes configure it (completion size,
 * the time-out the strategy works out per item) and IDs coming one at a time more often than the
 * time-out: IDs of a queue request do not hold it back beyond {@code patsnap.batch.timeout} after the
 * first of them (with Camel's plain completionTimeout, which starts again at every ID, no batch would
 * leave before the IDs stop), IDs of an input whose end sends the batch fill it whole.
 */
class BatchAggregationStrategyTest {

    @Test
    void timeLeftCountsFromTheBatchsFirstQueueId() {
        assertThat(BatchAggregationStrategy.dueIn(1_000L, 2_000, 1_500)).isEqualTo(1_500);
        assertThat(BatchAggregationStrategy.dueIn(1_000L, 2_000, 2_999)).isEqualTo(1);
        // overdue: at the aggregator's next check
        assertThat(BatchAggregationStrategy.dueIn(1_000L, 2_000, 9_000)).isEqualTo(1);
        // not stamped (only IDs of inputs whose end sends the batch, or read back after a restart): a whole time-out
        assertThat(BatchAggregationStrategy.dueIn(null, 2_000, 9_000)).isEqualTo(2_000);
    }

    @Test
    void queueIdsTricklingInDoNotHoldTheBatchBack() throws Exception {
        try (CamelContext context = batching(1_000)) {
            MockEndpoint batches = context.getEndpoint("mock:batches", MockEndpoint.class);
            int items = 40;
            // an ID every 150 ms for 6 s: far more often than the 1 s time-out
            try (Sender sender = new Sender(context, items, 150, false)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> batches.getReceivedCounter() > 0);
                // the first batch left while IDs were still coming, part-full
                assertThat(sender.sent.get()).isLessThan(items);
                await().atMost(Duration.ofSeconds(30)).until(() -> idsIn(batches) == items);
                assertThat(batches.getReceivedCounter()).isGreaterThan(1);
            }
        }
    }

    @Test
    void idsOfAnInputWhoseEndSendsTheBatchWaitOnlyWhileNoneComes() throws Exception {
        try (CamelContext context = batching(3_000)) {
            MockEndpoint batches = context.getEndpoint("mock:batches", MockEndpoint.class);
            int items = 30;
            // an ID every 100 ms for 3 s, longer than the time-out, each well within it: one batch
            try (Sender sender = new Sender(context, items, 100, true)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> idsIn(batches) == items);
                assertThat(batches.getReceivedCounter()).isEqualTo(1);
            }
        }
    }

    /** The aggregator as routes/calls/endpoint-batches configures it. */
    private static CamelContext batching(long timeoutMs) throws Exception {
        CamelContext context = new DefaultCamelContext();
        // a lambda, not a RouteBuilder subclass: Camel Main's scan in the e2e tests must not find it
        RouteBuilder.addRoutes(
                context,
                routes -> routes.from("direct:items")
                        .setProperty(Headers.BATCH_TIMEOUT, routes.constant(timeoutMs))
                        .aggregate(routes.constant("license"), new BatchAggregationStrategy())
                        .completionSize(100)
                        .completionTimeout(timeoutMs)
                        .completionTimeout(routes.exchangeProperty(Headers.BATCH_DUE_IN))
                        .completionTimeoutCheckerInterval(100)
                        .to("mock:batches"));
        context.start();
        return context;
    }

    private static int idsIn(MockEndpoint batches) {
        return batches.getReceivedExchanges().stream()
                .mapToInt(e -> e.getMessage().getBody(List.class).size())
                .sum();
    }

    /** Sends work items one at a time, as input-read does, with or without {@link Headers#FLUSH_AT_END}. */
    private static final class Sender implements AutoCloseable {
        final AtomicInteger sent = new AtomicInteger();
        private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

        Sender(CamelContext context, int items, long everyMs, boolean flushAtEnd) {
            ProducerTemplate producer = context.createProducerTemplate();
            executor.scheduleAtFixedRate(
                    () -> {
                        int i = sent.get();
                        if (i < items) {
                            WorkItem item = new WorkItem(
                                    "s1",
                                    "trickle",
                                    new PatentQuery("US" + i, "US" + i, PatentQuery.Kind.PATENT_NUMBER, null));
                            producer.send("direct:items", e -> {
                                e.getMessage().setBody(item);
                                e.setProperty(Headers.FLUSH_AT_END, flushAtEnd);
                            });
                            sent.incrementAndGet();
                        }
                    },
                    0,
                    everyMs,
                    TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }
}
