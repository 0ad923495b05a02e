package dev.patsnapcamel.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The envelope every PatSnap business call answers with:
 * {@code {"data": [...], "status": true, "error_code": 0}} or
 * {@code {"status": false, "error_code": N, "error_msg": "..."}}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiEnvelope(
        @JsonProperty("status") Boolean status,
        @JsonProperty("error_code") Long errorCode,
        @JsonProperty("error_msg") String errorMsg,
        @JsonProperty("data") List<PatentData> data) {

    /** True when the call succeeded (a missing {@code error_code} with {@code status: true} counts as success). */
    public boolean succeeded() {
        long code = errorCode == null ? 0 : errorCode;
        return code == 0 && !Boolean.FALSE.equals(status);
    }

    public List<PatentData> items() {
        return data == null ? List.of() : data;
    }
}
