package dev.patsnapcamel.intake;

/**
 * How a value longer than {@code intake.max-value-length} is handed on: its first characters, then a
 * mark, so that it is rejected as one value (and shows as cut in the ledger) without ever being held
 * whole. The mark holds no character that is special in a CSV cell or a JSON string.
 */
public final class LongValue {

    /** Where the kept characters end; the mark goes on with the limit. */
    public static final String MARK = "\u2026[cut: longer than ";

    private LongValue() {}

    /** The mark put after the first {@code maxLength} characters of a longer value. */
    static String mark(int maxLength) {
        return MARK + maxLength + " characters]";
    }

    /** Whether a value was cut. */
    public static boolean isCut(String value) {
        return value.contains(MARK);
    }
}
