package dev.patsnapcamel.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The patent a query names, as the sandbox sees it: the echoed {@code pn} and {@code patent_id},
 * the authority (country) and the key all generated data is derived from.
 *
 * <p>A UUID-shaped query is a {@code patent_id} (compared in lower case); anything else is a
 * {@code patent_number} (compared in upper case). The twin identifier is derived: a name-based UUID
 * for a number, a plausible {@code US10xxxxxxB2} number for an id.
 */
record PatentRef(String pn, String patentId, String country, String key) {

    private static final Pattern UUID_SHAPE =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Two-letter authority, then letters and digits with at least one digit (US11205304B2, USRE49000E, ES2576A1). */
    private static final Pattern NUMBER_SHAPE = Pattern.compile("[A-Z]{2}[A-Z0-9]*[0-9][A-Z0-9]*");

    /** The patent a query names, or empty if the query cannot name a patent at all. */
    static Optional<PatentRef> of(String query) {
        if (query == null || query.isBlank()) {
            return Optional.empty();
        }
        String trimmed = query.trim();
        if (isPatentId(trimmed)) {
            String id = trimmed.toLowerCase(Locale.ROOT);
            String pn = "US10" + Dice.forKey("pn|" + id).digits(6) + "B2";
            return Optional.of(new PatentRef(pn, id, "US", "id:" + id));
        }
        String number = trimmed.toUpperCase(Locale.ROOT);
        if (number.length() < 5 || number.length() > 24 || !NUMBER_SHAPE.matcher(number).matches()) {
            return Optional.empty();
        }
        String id = UUID.nameUUIDFromBytes(("patsnap-sandbox:" + number).getBytes(StandardCharsets.UTF_8)).toString();
        return Optional.of(new PatentRef(number, id, number.substring(0, 2), "pn:" + number));
    }

    /** Whether the value is shaped like a PatSnap patent id (a UUID, any case). */
    static boolean isPatentId(String value) {
        return UUID_SHAPE.matcher(value.trim().toLowerCase(Locale.ROOT)).matches();
    }

    /** The digits of the publication number, without authority and kind code. */
    String serial() {
        return pn.substring(2).replaceFirst("^[A-Z]+", "").replaceFirst("[^0-9].*$", "");
    }
}
