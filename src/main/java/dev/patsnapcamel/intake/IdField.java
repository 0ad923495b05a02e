package dev.patsnapcamel.intake;

import java.util.Locale;

/**
 * The two CSV columns and JSON keys that carry an ID. Names match ignoring case and surrounding
 * blanks, and with a space or dash standing in for the underscore ({@code Patent Number} works).
 * When a row or object has both, a non-empty {@code patent_id} wins.
 */
enum IdField {
    PATENT_ID("patent_id"),
    PATENT_NUMBER("patent_number");

    private final String fieldName;

    IdField(String fieldName) {
        this.fieldName = fieldName;
    }

    /** @return the field this column or key name stands for, or {@code null} for any other name */
    static IdField forName(String name) {
        String key =
                Blanks.strip(name).toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        for (IdField field : values()) {
            if (field.fieldName.equals(key)) {
                return field;
            }
        }
        return null;
    }

    /** Picks the value of a row or object: the patent id when present, else the patent number. */
    static String choose(String patentId, String patentNumber) {
        return patentId.isEmpty() ? patentNumber : patentId;
    }
}
