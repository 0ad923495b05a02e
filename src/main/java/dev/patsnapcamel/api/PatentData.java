package dev.patsnapcamel.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One patent in a response's {@code data} array: its publication number, its PatSnap ID and the
 * endpoint's result array (for example {@code patent_license_data}), kept as JSON so that the ledger
 * carries the records with the API's own field names.
 */
public final class PatentData {

    private final String pn;
    private final String patentId;
    private final ArrayNode records;

    public PatentData(String pn, String patentId, ArrayNode records) {
        this.pn = pn;
        this.patentId = patentId;
        this.records = records == null ? JsonNodeFactory.instance.arrayNode() : records;
    }

    /** An item of {@code data}; its result field has been checked to be an array or null (no records). */
    static PatentData of(ObjectNode item, String resultField) {
        JsonNode records = item.get(resultField);
        return new PatentData(
                scalar(item.get("pn")),
                scalar(item.get("patent_id")),
                records instanceof ArrayNode array ? array : null);
    }

    public String pn() {
        return pn;
    }

    public String patentId() {
        return patentId;
    }

    /** The records under the endpoint's result field; empty when the API answered an empty array or null. */
    public ArrayNode records() {
        return records;
    }

    private static String scalar(JsonNode node) {
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
    }
}
