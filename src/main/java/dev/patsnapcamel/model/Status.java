package dev.patsnapcamel.model;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** How one ID ended for one endpoint; the ledger's {@code status} field. */
public enum Status {
    /** The patent is known and has records. */
    FOUND,
    /** The patent is known and has no records for this endpoint. */
    EMPTY,
    /** The API did not return the patent. */
    NOT_FOUND,
    /** The API or the local check refused the ID. */
    REJECTED,
    /** Given up after retries. */
    FAILED;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
