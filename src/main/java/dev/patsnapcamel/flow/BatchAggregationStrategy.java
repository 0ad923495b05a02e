package dev.patsnapcamel.flow;

import java.util.ArrayList;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.WorkItem;

/**
 * Collects the work items of one endpoint into a batch: the aggregated exchange's body is an
 * {@code ArrayList<WorkItem>}. The list lives in the body (not in an exchange property) so that the
 * persistent aggregation repository stores it.
 * <p>
 * It also says how long the part-full batch may still wait ({@code patsnap.batch.timeout}, which the route
 * puts on every item as {@link Headers#BATCH_TIMEOUT}, in ms): on every item it adds, {@link Headers#BATCH_DUE_IN}, which the aggregator takes as its completion time-out from now.
 * Camel's plain completionTimeout starts again with every item, so IDs trickling in one by one would hold
 * a batch back until it is full. That is right for the IDs of an input whose end sends the batch anyway
 * ({@link Headers#FLUSH_AT_END}: a file being read slowly, on a busy machine, still fills whole batches),
 * but not for queue requests, whose end does not: the first of their IDs in a batch stamps it
 * ({@link Headers#BATCH_OPENED_AT}), and from then on the batch is due {@code patsnap.batch.timeout} after
 * that ID, however many requests keep coming.
 */
public final class BatchAggregationStrategy implements AggregationStrategy {

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange batch, Exchange item) {
        WorkItem work = item.getMessage().getBody(WorkItem.class);
        boolean waitsForTheEnd = Boolean.TRUE.equals(item.getProperty(Headers.FLUSH_AT_END, Boolean.class));
        long now = System.currentTimeMillis();
        // plain milliseconds: the route sets it from {{millis:{{patsnap.batch.timeout}}}}
        long timeoutMs = item.getProperty(Headers.BATCH_TIMEOUT, 0L, Long.class);
        Exchange answer;
        if (batch == null) {
            ArrayList<WorkItem> items = new ArrayList<>();
            items.add(work);
            item.getMessage().setBody(items);
            // the batch carries no intake headers: they would be stored and sent along for nothing
            item.getMessage().removeHeaders("*");
            answer = item;
        } else {
            batch.getMessage().getBody(ArrayList.class).add(work);
            answer = batch;
        }
        Long opened = answer.getProperty(Headers.BATCH_OPENED_AT, Long.class);
        if (opened == null && !waitsForTheEnd) {
            opened = now;
            answer.setProperty(Headers.BATCH_OPENED_AT, opened);
        }
        // the aggregator reads it from the item just added
        item.setProperty(Headers.BATCH_DUE_IN, dueIn(opened, timeoutMs, now));
        return answer;
    }

    /**
     * How long the batch may still wait: what is left of the time-out since {@code openedAt}, at least 1 ms
     * (a batch past its time goes at the aggregator's next check); the whole time-out when it is not
     * stamped (no queue ID in it, or read back after a restart).
     */
    static long dueIn(Long openedAt, long timeoutMs, long now) {
        if (openedAt == null) {
            return timeoutMs;
        }
        return Math.max(1, openedAt + timeoutMs - now);
    }
}
