package dev.patsnapcamel.api;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * One patent in a response's {@code data} array: its publication number, its PatSnap ID and the
 * endpoint's result array (for example {@code patent_license_data}), kept as JSON so that the ledger
 * carries the records with the API's own field names.
 */
public final class PatentData {

    @JsonProperty("pn")
    private String pn;

    @JsonProperty("patent_id")
    private String patentId;

    private final Map<String, JsonNode> results = new LinkedHashMap<>();

    public PatentData() {
    }

    public PatentData(String pn, String patentId) {
        this.pn = pn;
        this.patentId = patentId;
    }

    public String pn() {
        return pn;
    }

    public String patentId() {
        return patentId;
    }

    @JsonAnySetter
    void result(String field, JsonNode value) {
        results.put(field, value);
    }

    /** The records under the endpoint's result field; an empty array when the field is absent or null. */
    public ArrayNode records(String resultField) {
        JsonNode node = results.get(resultField);
        return node instanceof ArrayNode array ? array : JsonNodeFactory.instance.arrayNode();
    }
}
