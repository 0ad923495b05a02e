package dev.patsnapcamel.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.patsnapcamel.model.PatentQuery;
import dev.patsnapcamel.model.PatentQuery.Kind;

/**
 * Turns a value as read into what to ask the API for.
 *
 * <ul>
 *   <li>A UUID (8-4-4-4-12 hex digits, any case) is a {@link Kind#PATENT_ID}, lower-cased.</li>
 *   <li>Anything else is taken as a publication number: trimmed, upper-cased, dots, dashes and spaces
 *       removed ({@code us-11205304-b2} becomes {@code US11205304B2}). It is a
 *       {@link Kind#PATENT_NUMBER} when it then looks like one: a two-letter country or office code,
 *       up to two series letters ({@code RE}, {@code D}, {@code PP}, {@code H}...), a digit, then
 *       digits and letters, 4 to 24 characters in all.</li>
 *   <li>A value cut for being too long ({@link LongValue}) is {@link Kind#REJECTED}.</li>
 *   <li>Everything else is {@link Kind#REJECTED} with a reason starting with
 *       {@value #NOT_AN_ID}. A value with any character other than ASCII letters, digits, dots,
 *       dashes and spaces is rejected, never cleaned into something else; so is a value holding
 *       several numbers separated by spaces ({@code US123 US456}).</li>
 * </ul>
 */
public final class PatentIdNormaliser {

    /** The start of every rejection reason. */
    public static final String NOT_AN_ID = "not a patent number or patent id";

    static final int MIN_LENGTH = 4;
    static final int MAX_LENGTH = 24;

    private static final Pattern PATENT_ID =
            Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
    private static final Pattern PATENT_ID_WITHOUT_DASHES = Pattern.compile("[0-9A-F]{32}");
    private static final Pattern PUBLICATION_NUMBER = Pattern.compile("[A-Z]{2}[A-Z]{0,2}[0-9][A-Z0-9]*");
    private static final String EXAMPLE = "like US11205304B2";

    private PatentIdNormaliser() {}

    /**
     * @param raw a value as read from an input
     * @return the query for it, {@link PatentQuery#rejected() rejected} when it cannot be a patent
     *         number or patent id
     */
    public static PatentQuery normalise(String raw) {
        Objects.requireNonNull(raw, "raw");
        String value = Blanks.strip(raw);
        if (value.isEmpty()) {
            return rejected(raw, value, "empty value");
        }
        if (LongValue.isCut(value)) {
            return rejected(
                    raw,
                    value,
                    NOT_AN_ID + ": the value is longer than intake.max-value-length and was "
                            + "not read whole (only its first characters are shown)");
        }
        if (PATENT_ID.matcher(value).matches()) {
            return new PatentQuery(raw, value.toLowerCase(Locale.ROOT), Kind.PATENT_ID, null);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isAllowed(c)) {
                return rejected(
                        raw,
                        value,
                        NOT_AN_ID + ": it contains " + describe(value.codePointAt(i))
                                + " (only letters, digits, dots, dashes and spaces are allowed)");
            }
        }
        List<String> parts = parts(value);
        String number = String.join("", parts);
        if (PATENT_ID_WITHOUT_DASHES.matcher(number).matches()) {
            return rejected(
                    raw,
                    value,
                    NOT_AN_ID + ": 32 hex digits look like a patent id, "
                            + "but a patent id must keep its dashes (8-4-4-4-12)");
        }
        if (number.length() > MAX_LENGTH) {
            return rejected(
                    raw,
                    value,
                    NOT_AN_ID + ": " + number.length() + " characters without dots, dashes and spaces, at most "
                            + MAX_LENGTH + " expected");
        }
        if (number.length() < MIN_LENGTH || !PUBLICATION_NUMBER.matcher(number).matches()) {
            return rejected(raw, value, NOT_AN_ID + ": expected a country code followed by digits, " + EXAMPLE);
        }
        if (parts.stream().filter(PatentIdNormaliser::isPublicationNumber).count() > 1) {
            return rejected(
                    raw,
                    value,
                    NOT_AN_ID + ": it holds several patent numbers separated by spaces; " + "give one per value");
        }
        return new PatentQuery(raw, number, Kind.PATENT_NUMBER, null);
    }

    private static boolean isAllowed(char c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '.'
                || c == '-'
                || Blanks.isSpace(c);
    }

    /** Splits at spaces, drops dots and dashes and upper-cases: {@code us 11.205 b2} gives US, 11205, B2. */
    private static List<String> parts(String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i <= value.length(); i++) {
            char c = i < value.length() ? value.charAt(i) : ' ';
            if (Blanks.isSpace(c)) {
                if (part.length() > 0) {
                    parts.add(part.toString());
                    part.setLength(0);
                }
            } else if (c != '.' && c != '-') {
                part.append(Character.toUpperCase(c));
            }
        }
        return parts;
    }

    private static boolean isPublicationNumber(String candidate) {
        return candidate.length() >= MIN_LENGTH
                && PUBLICATION_NUMBER.matcher(candidate).matches();
    }

    private static String describe(int codePoint) {
        boolean visible = codePoint > ' '
                && !Character.isISOControl(codePoint)
                && Character.isDefined(codePoint)
                && !Character.isWhitespace(codePoint);
        String code = String.format("U+%04X", codePoint);
        return visible ? "'" + new String(Character.toChars(codePoint)) + "' (" + code + ")" : code;
    }

    private static PatentQuery rejected(String raw, String value, String reason) {
        return new PatentQuery(raw, value, Kind.REJECTED, reason);
    }
}
