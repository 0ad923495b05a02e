package dev.patsnapcamel.flow;

import java.util.ArrayList;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import dev.patsnapcamel.model.WorkItem;

/**
 * Collects the work items of one endpoint into a batch: the aggregated exchange's body is an
 * {@code ArrayList<WorkItem>}. The list lives in the body (not in an exchange property) so that the
 * persistent aggregation repository stores it.
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
            return item;
        }
        batch.getMessage().getBody(ArrayList.class).add(work);
        return batch;
    }
}
