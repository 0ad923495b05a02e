package dev.patsnapcamel.queue;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.PatentQuery;
import dev.patsnapcamel.model.WorkItem;

/**
 * The body of a completed batch's message on the cluster's batch queue ({@code cluster.batch-queue}): its
 * work items as JSON text, never a serialized Java object, so any node (of any version that reads this
 * form) restores the same batch. The form:
 * <pre>
 * {"batch":"&lt;batch id&gt;","items":[{"source_key":"…","source":"…","kind":"PATENT_NUMBER","query":"US1B2","raw":"us1b2"}, …]}
 * </pre>
 * The endpoint, its path and result field travel as message properties (routes {@code batch-enqueue},
 * {@code batch-dequeue}); the batch id is also the message's duplicate id.
 */
public final class BatchMessage {

    private final ObjectMapper mapper;

    public BatchMessage(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The message body of a batch. */
    public String json(@Body List<WorkItem> batch, @ExchangeProperty(Headers.BATCH_ID) String batchId) {
        ObjectNode root = mapper.createObjectNode();
        root.put("batch", batchId);
        ArrayNode items = root.putArray("items");
        for (WorkItem item : batch) {
            items.addObject()
                    .put("source_key", item.sourceKey())
                    .put("source", item.source())
                    .put("kind", item.query().kind().name())
                    .put("query", item.query().query())
                    .put("raw", item.query().raw());
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write batch " + batchId, e);
        }
    }

    /** The batch a message body holds; fails on anything that is not that form (the message goes back to the queue). */
    public List<WorkItem> items(@Body String json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a batch message that is not JSON", e);
        }
        JsonNode items = root == null ? null : root.get("items");
        if (items == null || !items.isArray()) {
            throw new IllegalArgumentException("a batch message without its items");
        }
        List<WorkItem> batch = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            PatentQuery.Kind kind = PatentQuery.Kind.valueOf(text(item, "kind"));
            if (kind == PatentQuery.Kind.REJECTED) {
                throw new IllegalArgumentException("a batch message with a rejected value");
            }
            batch.add(new WorkItem(
                    text(item, "source_key"),
                    text(item, "source"),
                    new PatentQuery(text(item, "raw"), text(item, "query"), kind, null)));
        }
        return batch;
    }

    private static String text(JsonNode item, String field) {
        JsonNode value = item.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("a batch message item without its " + field);
        }
        return value.asText();
    }
}
