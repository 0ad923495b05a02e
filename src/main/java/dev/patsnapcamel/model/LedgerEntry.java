package dev.patsnapcamel.model;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * One line of the ledger: how one ID of one source ended for one endpoint. Field names and meanings
 * are part of the contract (see docs/outputs.md, "Output: the ledger"); {@code source_id} identifies the
 * intake run the line belongs to (a file name can come again), so that a restart can tell which lines
 * are already written. {@code sandbox} is {@code true} on every line made while the bundle calls its built-in
 * sandbox (invented data) and absent otherwise, so that lines from the real API stay as they were.
 * {@code reused} is {@code true} on a line settled from a stored answer (patsnap.reuse.window) instead of a
 * call: the line is the original one, with the original {@code fetched_at}, for this source; absent otherwise.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
    "source",
    "endpoint",
    "query",
    "status",
    "pn",
    "patent_id",
    "records",
    "error_code",
    "error",
    "fetched_at",
    "reused",
    "sandbox",
    "source_id"
})
public record LedgerEntry(
        @JsonProperty("source_id") String sourceKey,
        @JsonProperty("source") String source,
        @JsonProperty("endpoint") String endpoint,
        @JsonProperty("query") String query,
        @JsonProperty("status") Status status,
        @JsonProperty("pn") String pn,
        @JsonProperty("patent_id") String patentId,
        @JsonProperty("records") JsonNode records,

        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("error_code")
        String errorCode,

        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("error")
        String error,

        @JsonProperty("fetched_at") String fetchedAt,

        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("sandbox")
        Boolean sandbox,

        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("reused")
        Boolean reused) {

    /** Error code of a value the local check refused. */
    public static final String INVALID_ID = "INVALID_ID";

    /** A line that is not reused (no {@code reused} mark). */
    public LedgerEntry(
            String sourceKey,
            String source,
            String endpoint,
            String query,
            Status status,
            String pn,
            String patentId,
            JsonNode records,
            String errorCode,
            String error,
            String fetchedAt,
            Boolean sandbox) {
        this(
                sourceKey, source, endpoint, query, status, pn, patentId, records, errorCode, error, fetchedAt, sandbox,
                null);
    }

    /** A line of the real API (no {@code sandbox} mark). */
    public LedgerEntry(
            String sourceKey,
            String source,
            String endpoint,
            String query,
            Status status,
            String pn,
            String patentId,
            JsonNode records,
            String errorCode,
            String error,
            String fetchedAt) {
        this(
                sourceKey, source, endpoint, query, status, pn, patentId, records, errorCode, error, fetchedAt, null,
                null);
    }

    /** This line marked as made from the built-in sandbox's answers ({@code "sandbox": true}). */
    public LedgerEntry fromSandbox() {
        return Boolean.TRUE.equals(sandbox)
                ? this
                : new LedgerEntry(
                        sourceKey,
                        source,
                        endpoint,
                        query,
                        status,
                        pn,
                        patentId,
                        records,
                        errorCode,
                        error,
                        fetchedAt,
                        Boolean.TRUE,
                        reused);
    }

    /**
     * A stored answer settled for another item without a call: this line (its status, pn, patent_id,
     * records and original {@code fetched_at}) for the item's source and query, marked {@code "reused": true}.
     */
    public LedgerEntry reusedFor(WorkItem item) {
        return new LedgerEntry(
                item.sourceKey(),
                item.source(),
                endpoint,
                item.query().query(),
                status,
                pn,
                patentId,
                records,
                errorCode,
                error,
                fetchedAt,
                sandbox,
                Boolean.TRUE);
    }

    /** Whether this line was settled from a stored answer. */
    @JsonIgnore
    public boolean wasReused() {
        return Boolean.TRUE.equals(reused);
    }

    /** The status as kept in the state database: local rejections are told apart from the API's. */
    @JsonIgnore
    public String recordedStatus() {
        return status == Status.REJECTED && INVALID_ID.equals(errorCode) ? "rejected_locally" : status.label();
    }

    /** An answer from the API for this ID (found, empty or not found). */
    public static LedgerEntry answered(
            WorkItem item, String endpoint, Status status, String pn, String patentId, JsonNode records, Instant at) {
        return new LedgerEntry(
                item.sourceKey(),
                item.source(),
                endpoint,
                item.query().query(),
                status,
                pn,
                patentId,
                records,
                null,
                null,
                at.toString());
    }

    /** No usable answer: {@code rejected} or {@code failed}, with the code and reason. */
    public static LedgerEntry unanswered(
            String sourceKey,
            String source,
            String endpoint,
            String query,
            Status status,
            String errorCode,
            String error,
            Instant at) {
        return new LedgerEntry(
                sourceKey,
                source,
                endpoint,
                query,
                status,
                null,
                null,
                JsonNodeFactory.instance.arrayNode(),
                errorCode,
                error,
                at.toString());
    }
}
