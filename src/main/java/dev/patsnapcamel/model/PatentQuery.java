package dev.patsnapcamel.model;

import java.util.Objects;

/**
 * One value read from an input, after normalisation: what to ask the API for, or why not to ask.
 *
 * @param raw       the value as it was given to the normaliser
 * @param query     for {@link Kind#PATENT_ID} the lower-cased UUID, for {@link Kind#PATENT_NUMBER} the
 *                  normalised publication number (e.g. {@code US11205304B2}), for {@link Kind#REJECTED}
 *                  the raw value trimmed
 * @param kind      what the value was recognised as
 * @param rejection for {@link Kind#REJECTED} a human-readable reason, otherwise {@code null}
 */
public record PatentQuery(String raw, String query, Kind kind, String rejection) {

    /** What a value was recognised as. */
    public enum Kind {
        /** A PatSnap patent id: a UUID. */
        PATENT_ID,
        /** A publication number such as {@code US11205304B2}. */
        PATENT_NUMBER,
        /** Neither; the value is not sent to the API. */
        REJECTED
    }

    /** Checks that a rejection reason is given exactly for rejected values. */
    public PatentQuery {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.REJECTED) != (rejection != null)) {
            throw new IllegalArgumentException("a rejection reason goes with, and only with, kind REJECTED");
        }
    }

    /** @return whether the value was refused locally and must not be sent to the API */
    public boolean rejected() {
        return kind == Kind.REJECTED;
    }
}
