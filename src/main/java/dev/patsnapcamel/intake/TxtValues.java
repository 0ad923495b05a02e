package dev.patsnapcamel.intake;

import java.io.IOException;
import java.io.Reader;

/**
 * Values of a plain-text ID list: separated by line breaks, commas, semicolons or blanks. A line
 * whose first non-blank character is {@code #} is a comment. Reads character by character through a
 * small buffer, so not even a single long line is held, only the value being read, and of a value
 * longer than the limit only its first characters ({@link LongValue}).
 */
final class TxtValues extends ValueIterator {

    private static final char COMMENT = '#';

    private final Reader reader;
    private final int maxLength;
    private final char[] buffer = new char[8192];
    private final StringBuilder value = new StringBuilder();
    private int position;
    private int limit;
    /** Nothing but blanks since the last line break. */
    private boolean atLineStart = true;
    /** The value being read is longer than {@link #maxLength}: the rest of it is skipped. */
    private boolean cut;

    TxtValues(Reader reader, int maxLength) {
        super(reader);
        this.reader = reader;
        this.maxLength = maxLength;
    }

    @Override
    protected String readNext() throws IOException {
        for (int c = read(); c >= 0; c = read()) {
            char ch = (char) c;
            if (ch == '\n' || ch == '\r') {
                atLineStart = true;
            } else if (ch == COMMENT && atLineStart) {
                skipRestOfLine();
                continue;
            } else if (!Blanks.isBlank(ch)) {
                atLineStart = false;
            }
            if (ch == ',' || ch == ';' || Blanks.isBlank(ch)) {
                if (value.length() > 0) {
                    return takeValue();
                }
            } else if (value.length() < maxLength) {
                value.append(ch);
            } else {
                cut = true;
            }
        }
        return value.length() > 0 ? takeValue() : null;
    }

    private String takeValue() {
        String taken = cut ? value + LongValue.mark(maxLength) : value.toString();
        value.setLength(0);
        cut = false;
        return taken;
    }

    private void skipRestOfLine() throws IOException {
        int c = read();
        while (c >= 0 && c != '\n' && c != '\r') {
            c = read();
        }
    }

    private int read() throws IOException {
        if (position == limit) {
            limit = reader.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position++];
    }
}
