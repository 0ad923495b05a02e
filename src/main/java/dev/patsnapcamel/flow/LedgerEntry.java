package dev.patsnapcamel.flow;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * One line of the ledger: how one ID of one source ended for one endpoint. Field names and meanings
 * are part of the contract (see the README, "Output: the ledger").
 */
@JsonPropertyOrder({ "source", "endpoint", "query", "status", "pn", "patent_id", "records", "error_code", "error",
        "fetched_at" })
public record LedgerEntry(
        @JsonIgnore String sourceKey,
        @JsonProperty("source") String source,
        @JsonProperty("endpoint") String endpoint,
        @JsonProperty("query") String query,
        @JsonProperty("status") Status status,
        @JsonProperty("pn") String pn,
        @JsonProperty("patent_id") String patentId,
        @JsonProperty("records") JsonNode records,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("error_code") String errorCode,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("error") String error,
        @JsonProperty("fetched_at") String fetchedAt) {

    /** An answer from the API for this ID (found, empty or not found). */
    public static LedgerEntry answered(WorkItem item, String endpoint, Status status, String pn, String patentId,
            JsonNode records, Instant at) {
        return new LedgerEntry(item.sourceKey(), item.source(), endpoint, item.query().query(), status, pn, patentId,
                records, null, null, at.toString());
    }

    /** No usable answer: {@code rejected} or {@code failed}, with the code and reason. */
    public static LedgerEntry unanswered(String sourceKey, String source, String endpoint, String query, Status status,
            String errorCode, String error, Instant at) {
        return new LedgerEntry(sourceKey, source, endpoint, query, status, null, null,
                JsonNodeFactory.instance.arrayNode(), errorCode, error, at.toString());
    }
}
