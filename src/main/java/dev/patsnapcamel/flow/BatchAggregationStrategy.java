package dev.patsnapcamel.flow;

import java.util.ArrayList;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.util.TimeUtils;

import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.WorkItem;

/**
 * Collects the work items of one endpoint into a batch: the aggregated exchange's body is an
 * {@code ArrayList<WorkItem>}. The list lives in the body (not in an exchange property) so that the
 * persistent aggregation repository stores it.
 * <p>
 * A batch is due {@code patsnap.batch.timeout} after its first ID, however slowly the others come: the
 * strategy notes when the batch was opened ({@link Headers#BATCH_OPENED_AT}) on the batch and on every
 * item added to it, and the aggregator's completion time-out is {@link #untilDue} of the item just added
 * (Camel's plain {@code completionTimeout} starts again with every item, so IDs trickling in one by one
 * would hold a batch back until it is full).
 */
public final class BatchAggregationStrategy implements AggregationStrategy {

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange batch, Exchange item) {
        WorkItem work = item.getMessage().getBody(WorkItem.class);
        if (batch == null) {
            ArrayList<WorkItem> items = new ArrayList<>();
            items.add(work);
            item.getMessage().setBody(items);
            // the batch carries no intake headers: they would be stored and sent along for nothing
            item.getMessage().removeHeaders("*");
            item.setProperty(Headers.BATCH_OPENED_AT, System.currentTimeMillis());
            return item;
        }
        batch.getMessage().getBody(ArrayList.class).add(work);
        Long opened = batch.getProperty(Headers.BATCH_OPENED_AT, Long.class);
        if (opened == null) {
            // a batch read back from the repository after a restart: its age starts again now
            opened = System.currentTimeMillis();
            batch.setProperty(Headers.BATCH_OPENED_AT, opened);
        }
        item.setProperty(Headers.BATCH_OPENED_AT, opened);
        return batch;
    }

    /**
     * The aggregator's completion time-out for the batch an item was just added to: what is left of
     * {@code timeout} since the batch was opened, at least 1 ms (a batch past its time goes at the
     * aggregator's next check).
     *
     * @param openedAt when the batch was opened (epoch ms), or null when not known: a whole time-out
     * @param timeout  {@code patsnap.batch.timeout}: ms, or a duration such as {@code 2s}
     */
    public static long untilDue(Long openedAt, String timeout) {
        return remaining(openedAt, TimeUtils.toMilliSeconds(timeout.trim()), System.currentTimeMillis());
    }

    static long remaining(Long openedAt, long timeoutMs, long now) {
        if (openedAt == null) {
            return timeoutMs;
        }
        return Math.max(1, openedAt + timeoutMs - now);
    }
}
