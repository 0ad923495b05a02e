package dev.patsnapcamel.model;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The report written to {@code outbox/reports/<source>.json} once every ID of a source is settled (or
 * at once, with {@code error}, when the source could not be read). Its presence tells an operator the
 * source is done. {@code sandbox} is {@code true} when the bundle called its built-in sandbox (invented data),
 * and absent for the real API.
 */
@JsonPropertyOrder({
    "source",
    "status",
    "error",
    "ids_read",
    "ids_unique",
    "duplicates",
    "rejected_locally",
    "endpoints",
    "started_at",
    "finished_at",
    "sandbox"
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceReport(
        @JsonIgnore String sourceKey,
        @JsonProperty("source") String source,
        @JsonProperty("status") String status,
        @JsonProperty("error") String error,
        @JsonProperty("ids_read") long idsRead,
        @JsonProperty("ids_unique") long idsUnique,
        @JsonProperty("duplicates") long duplicates,
        @JsonProperty("rejected_locally") long rejectedLocally,
        @JsonProperty("endpoints") Map<String, EndpointTally> endpoints,
        @JsonProperty("started_at") String startedAt,
        @JsonProperty("finished_at") String finishedAt,
        @JsonProperty("sandbox") Boolean sandbox,
        Map<String, Object> more) {

    /** A report of the real API (no {@code sandbox} mark) with nothing added yet. */
    public SourceReport(
            String sourceKey,
            String source,
            String status,
            String error,
            long idsRead,
            long idsUnique,
            long duplicates,
            long rejectedLocally,
            Map<String, EndpointTally> endpoints,
            String startedAt,
            String finishedAt) {
        this(
                sourceKey,
                source,
                status,
                error,
                idsRead,
                idsUnique,
                duplicates,
                rejectedLocally,
                endpoints,
                startedAt,
                finishedAt,
                null,
                new LinkedHashMap<>());
    }

    /**
     * Fields the outputs add to the report before it is written, after the ones above, in the order they
     * were added: {@code changes} (a watch-list run's comparison), {@code outputs} (each output's state).
     */
    @JsonAnyGetter
    @Override
    public Map<String, Object> more() {
        return more;
    }

    /** This report marked as made from the built-in sandbox's answers ({@code "sandbox": true}). */
    public SourceReport fromSandbox() {
        return Boolean.TRUE.equals(sandbox)
                ? this
                : new SourceReport(
                        sourceKey,
                        source,
                        status,
                        error,
                        idsRead,
                        idsUnique,
                        duplicates,
                        rejectedLocally,
                        endpoints,
                        startedAt,
                        finishedAt,
                        Boolean.TRUE,
                        more);
    }

    /** The report's file name: {@link OutputName#of} the source, plus {@code .json}. */
    @JsonIgnore
    public String fileName() {
        return OutputName.of(source) + ".json";
    }

    /**
     * Per endpoint: how many IDs ended in each status, how many API calls carried IDs of this source, how
     * many results PatSnap returned for them and bills ({@code billed_results}: the patents of its answers),
     * and how many of its lines were settled from a stored answer without a call ({@code reused}, counted in
     * their status too).
     */
    @JsonPropertyOrder({"found", "empty", "not_found", "rejected", "failed", "api_calls", "billed_results", "reused"})
    public record EndpointTally(
            @JsonProperty("found") long found,
            @JsonProperty("empty") long empty,
            @JsonProperty("not_found") long notFound,
            @JsonProperty("rejected") long rejected,
            @JsonProperty("failed") long failed,
            @JsonProperty("api_calls") long apiCalls,
            @JsonProperty("billed_results") long billedResults,
            @JsonProperty("reused") long reused) {

        /** A tally with nothing billed and no reused lines. */
        public EndpointTally(long found, long empty, long notFound, long rejected, long failed, long apiCalls) {
            this(found, empty, notFound, rejected, failed, apiCalls, 0, 0);
        }
    }
}
