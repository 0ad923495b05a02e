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
 * How long a part-full batch waits ({@code patsnap.batch.timeout}, the aggregator's completion time-out,
 * worked out per item by {@link #untilDue}): Camel's plain completionTimeout starts again with every item,
 * so IDs trickling in one by one would hold a batch back until it is full. That is right for the IDs of an
 * input whose end sends the batch anyway ({@link Headers#FLUSH_AT_END}: a file being read slowly, on a
 * busy machine, still fills whole batches), but not for queue requests, whose end does not: the first of
 * their IDs in a batch stamps it ({@link Headers#BATCH_OPENED_AT}, kept on the batch and copied to every
 * item added after it), and from then on the batch is due {@code patsnap.batch.timeout} after that ID,
 * however many requests keep coming.
 */
public final class BatchAggregationStrategy implements AggregationStrategy {

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange batch, Exchange item) {
        WorkItem work = item.getMessage().getBody(WorkItem.class);
        boolean waitsForTheEnd = Boolean.TRUE.equals(item.getProperty(Headers.FLUSH_AT_END, Boolean.class));
        if (batch == null) {
            ArrayList<WorkItem> items = new ArrayList<>();
            items.add(work);
            item.getMessage().setBody(items);
            // the batch carries no intake headers: they would be stored and sent along for nothing
            item.getMessage().removeHeaders("*");
            if (!waitsForTheEnd) {
                item.setProperty(Headers.BATCH_OPENED_AT, System.currentTimeMillis());
            }
            return item;
        }
        batch.getMessage().getBody(ArrayList.class).add(work);
        Long opened = batch.getProperty(Headers.BATCH_OPENED_AT, Long.class);
        if (opened == null && !waitsForTheEnd) {
            opened = System.currentTimeMillis();
            batch.setProperty(Headers.BATCH_OPENED_AT, opened);
        }
        if (opened != null) {
            item.setProperty(Headers.BATCH_OPENED_AT, opened);
        }
        return batch;
    }

    /**
     * The aggregator's completion time-out for the batch an item was just added to: what is left of
     * {@code timeout} since the batch was opened, at least 1 ms (a batch past its time goes at the
     * aggregator's next check).
     *
     * @param openedAt when the first ID of an input whose end does not send the batch came to it (epoch ms),
     *                 or null when there is none (or after a restart): a whole time-out from now
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
