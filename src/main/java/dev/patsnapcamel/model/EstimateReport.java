package dev.patsnapcamel.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What an input dropped into {@code inbox/estimate/} would cost, written to
 * {@code outbox/estimates/<source>.json} without any call or ledger line (see docs/outputs.md, "Estimates").
 * {@code calls} and {@code worst_case_billed_results} assume the input is alone in the bundle (its IDs fill
 * batches of {@code patsnap.batch.size} in the order read); {@code seconds_at_qps} is the time those calls
 * take at {@code patsnap.qps}.
 */
@JsonPropertyOrder({
    "source",
    "status",
    "error",
    "ids_read",
    "ids_unique",
    "duplicates",
    "rejected",
    "rejected_values",
    "endpoints",
    "calls",
    "worst_case_billed_results",
    "qps",
    "seconds_at_qps",
    "reuse_window",
    "estimated_at",
    "sandbox"
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EstimateReport(
        @JsonProperty("source") String source,
        @JsonProperty("status") String status,
        @JsonProperty("error") String error,
        @JsonProperty("ids_read") long idsRead,
        @JsonProperty("ids_unique") long idsUnique,
        @JsonProperty("duplicates") long duplicates,
        @JsonProperty("rejected") long rejected,
        @JsonProperty("rejected_values") List<Rejected> rejectedValues,
        @JsonProperty("endpoints") Map<String, EndpointEstimate> endpoints,
        @JsonProperty("calls") long calls,
        @JsonProperty("worst_case_billed_results") long worstCaseBilledResults,
        @JsonProperty("qps") int qps,
        @JsonProperty("seconds_at_qps") double secondsAtQps,
        @JsonProperty("reuse_window") String reuseWindow,
        @JsonProperty("estimated_at") String estimatedAt,
        @JsonProperty("sandbox") Boolean sandbox) {

    /** The most rejected values listed by value (all are counted in {@code rejected}). */
    public static final int REJECTED_LISTED = 100;

    /** The estimate's file name: {@link OutputName#of} the source, plus {@code .json}. */
    @JsonIgnore
    public String fileName() {
        return OutputName.of(source) + ".json";
    }

    /** A value the local check would reject, and why. */
    @JsonPropertyOrder({"value", "error"})
    public record Rejected(
            @JsonProperty("value") String value,
            @JsonProperty("error") String error) {}

    /**
     * Per endpoint: the valid unique IDs, how many a stored answer would settle, how many would be called,
     * in how many calls; the worst case of billed results is every called ID answered.
     */
    @JsonPropertyOrder({"ids", "reused", "to_call", "calls", "worst_case_billed_results"})
    public record EndpointEstimate(
            @JsonProperty("ids") long ids,
            @JsonProperty("reused") long reused,
            @JsonProperty("to_call") long toCall,
            @JsonProperty("calls") long calls,
            @JsonProperty("worst_case_billed_results") long worstCaseBilledResults) {}
}
