package dev.patsnapcamel.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One line of {@code outbox/changes/*.jsonl}: the records of one patent at one endpoint differ between
 * two runs of the watch list. Field names are part of the contract ("A watch-list run ...").
 *
 * @param source         the run that saw the change: {@code watchlist:<file>:<run start>}
 * @param previousSource the run it was compared with
 * @param change         {@code new} (no records before), {@code removed} (none now), {@code changed}
 * @param before         the records of the previous run (an empty array for {@code new})
 * @param after          the records of this run (an empty array for {@code removed})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "source",
    "endpoint",
    "query",
    "change",
    "pn",
    "patent_id",
    "before",
    "after",
    "previous_source",
    "detected_at"
})
public record ChangeEvent(
        @JsonProperty("source") String source,
        @JsonProperty("endpoint") String endpoint,
        @JsonProperty("query") String query,
        @JsonProperty("change") String change,
        @JsonProperty("pn") String pn,
        @JsonProperty("patent_id") String patentId,
        @JsonProperty("before") JsonNode before,
        @JsonProperty("after") JsonNode after,
        @JsonProperty("previous_source") String previousSource,
        @JsonProperty("detected_at") String detectedAt) {

    public static final String NEW = "new";
    public static final String CHANGED = "changed";
    public static final String REMOVED = "removed";
}
