package dev.patsnapcamel.intake;

import java.io.IOException;
import java.io.Reader;

/**
 * Passes CSV text (RFC 4180: comma, double quotes, CR/LF) on unchanged, except that a cell longer than
 * the limit is cut: its first characters, then the {@link LongValue} mark. The CSV parser holds a whole
 * cell in memory; behind this guard no cell is ever longer than the limit and the mark, whatever the
 * input. Quoted cells are followed as the parser does: a doubled quote is one character of the cell.
 */
final class CsvCellGuard extends Reader {

    private enum State { CELL_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED, AFTER_QUOTED }

    private final Reader in;
    private final int maxLength;
    private final String mark;
    private final char[] buffer = new char[8192];
    private final StringBuilder out = new StringBuilder(8192 + 64);
    private int outPosition;
    private State state = State.CELL_START;
    private int length;
    private boolean cut;
    private boolean ended;

    CsvCellGuard(Reader in, int maxLength) {
        this.in = in;
        this.maxLength = maxLength;
        this.mark = LongValue.mark(maxLength);
    }

    @Override
    public int read(char[] target, int offset, int count) throws IOException {
        if (count == 0) {
            return 0;
        }
        while (outPosition == out.length()) {
            out.setLength(0);
            outPosition = 0;
            if (ended) {
                return -1;
            }
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                ended = true;
                if (state == State.QUOTE_IN_QUOTED) {
                    out.append('"');
                }
            } else {
                for (int i = 0; i < n; i++) {
                    accept(buffer[i]);
                }
            }
        }
        int taken = Math.min(count, out.length() - outPosition);
        out.getChars(outPosition, outPosition + taken, target, offset);
        outPosition += taken;
        return taken;
    }

    private void accept(char c) {
        switch (state) {
            case CELL_START -> {
                length = 0;
                cut = false;
                if (c == '"') {
                    out.append(c);
                    state = State.QUOTED;
                } else if (separator(c)) {
                    out.append(c);
                } else {
                    state = State.UNQUOTED;
                    content(c);
                }
            }
            case UNQUOTED -> {
                if (separator(c)) {
                    out.append(c);
                    state = State.CELL_START;
                } else {
                    content(c);
                }
            }
            case QUOTED -> {
                if (c == '"') {
                    state = State.QUOTE_IN_QUOTED;
                } else {
                    content(c);
                }
            }
            case QUOTE_IN_QUOTED -> {
                if (c == '"') {
                    // an escaped quote: one character of the cell, written as two
                    if (keep()) {
                        out.append("\"\"");
                    }
                    state = State.QUOTED;
                } else {
                    out.append('"');
                    state = State.AFTER_QUOTED;
                    accept(c);
                }
            }
            case AFTER_QUOTED -> {
                // only a separator is valid here; anything else is left for the parser to refuse
                out.append(c);
                if (separator(c)) {
                    state = State.CELL_START;
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void content(char c) {
        if (keep()) {
            out.append(c);
        }
    }

    /** Counts one character of the cell; false once the cell is over the limit (the mark is written once). */
    private boolean keep() {
        length++;
        if (length <= maxLength) {
            return true;
        }
        if (!cut) {
            cut = true;
            out.append(mark);
        }
        return false;
    }

    private static boolean separator(char c) {
        return c == ',' || c == '\n' || c == '\r';
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
