package dev.patsnapcamel.ops;

/**
 * Makes a value from outside (a file name, an API message, a queue header, an ID) safe to put in a log
 * line: CR, LF and tab become {@code \r}, {@code \n} and {@code \t}, a backslash stays itself, every
 * other control character (C0, DEL, C1, so also the ESC of ANSI colour sequences) becomes {@code \u001B}
 * style. One value can then never start a new log line or repaint the terminal. Everything else is kept
 * as it is, non-ASCII letters included.
 * <p>
 * The console layout ({@code log4j2.properties}) encodes CR/LF and control characters in every message
 * as well; this is for the Java code that logs such values, and for values that go elsewhere (alerts).
 */
public final class LogSafe {

    private LogSafe() {}

    /** The value with its control characters encoded; {@code "null"} for null. */
    public static String of(Object value) {
        String text = String.valueOf(value);
        int i = 0;
        while (i < text.length() && !Character.isISOControl(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder safe = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> safe.append("\\r");
                case '\n' -> safe.append("\\n");
                case '\t' -> safe.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        safe.append(String.format("\\u%04X", (int) c));
                    } else {
                        safe.append(c);
                    }
                }
            }
        }
        return safe.toString();
    }
}
