package dev.patsnapcamel.output;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.patsnapcamel.model.SourceReport;

/**
 * A finished source the result database must hold completely: how many ledger lines it has per endpoint.
 * Kept as a file under {@code <state.dir>/jdbc-catch-up/} until the database is found (or made) complete,
 * so that a database that was down, or a crash between the ledger and the database, is made good later.
 */
public record CatchUp(
        @JsonProperty("source_id") String sourceKey,
        @JsonProperty("source") String source,
        @JsonProperty("started_at") String startedAt,
        @JsonProperty("lines") Map<String, Long> lines) {

    /** What a finished report says the database must hold; null for a source that has no ledger lines. */
    public static CatchUp of(SourceReport report) {
        if (report.sourceKey() == null
                || report.endpoints() == null
                || report.endpoints().isEmpty()) {
            return null;
        }
        Map<String, Long> lines = new LinkedHashMap<>();
        report.endpoints()
                .forEach((endpoint, t) ->
                        lines.put(endpoint, t.found() + t.empty() + t.notFound() + t.rejected() + t.failed()));
        return new CatchUp(report.sourceKey(), report.source(), report.startedAt(), lines);
    }

    /** The file name of this task: the source key, made safe. */
    @JsonIgnore
    public String fileName() {
        return sourceKey.replaceAll("[^A-Za-z0-9_-]", "_") + ".json";
    }
}
