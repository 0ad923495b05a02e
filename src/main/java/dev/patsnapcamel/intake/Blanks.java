package dev.patsnapcamel.intake;

/**
 * What counts as blank around and between values: Java white space plus the Unicode space characters
 * that spreadsheets and copy-paste tend to bring along (no-break space and friends), and a stray
 * byte order mark.
 */
final class Blanks {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private Blanks() {}

    /** @return whether {@code c} is white space, a line break, a Unicode space or a byte order mark */
    static boolean isBlank(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == BYTE_ORDER_MARK;
    }

    /** @return whether {@code c} is a space inside a line (not a tab or line break) */
    static boolean isSpace(char c) {
        return Character.isSpaceChar(c) || c == BYTE_ORDER_MARK;
    }

    /** @return {@code text} without blanks at either end */
    static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isBlank(text.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }
}
