package dev.patsnapcamel.intake;

import java.io.IOException;
import java.io.Reader;

/**
 * Passes JSON text on unchanged, except that a string longer than the limit is cut: its first
 * characters, then the {@link LongValue} mark, then the closing quote. The JSON parser holds a whole
 * string in memory; behind this guard no string is ever longer than the limit and the mark. An escape
 * ({@code \n}, {@code \u00e9}) counts as one character and is never cut in two.
 */
final class JsonStringGuard extends Reader {

    private enum State { OUTSIDE, STRING, ESCAPE, UNICODE }

    private final Reader in;
    private final int maxLength;
    private final String mark;
    private final char[] buffer = new char[8192];
    private final StringBuilder out = new StringBuilder(8192 + 64);
    private int outPosition;
    private State state = State.OUTSIDE;
    private int length;
    private boolean cut;
    /** Whether the escape being read is kept. */
    private boolean keepEscape;
    private int hexLeft;
    private boolean ended;

    JsonStringGuard(Reader in, int maxLength) {
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
            case OUTSIDE -> {
                out.append(c);
                if (c == '"') {
                    state = State.STRING;
                    length = 0;
                    cut = false;
                }
            }
            case STRING -> {
                if (c == '"') {
                    out.append(c);
                    state = State.OUTSIDE;
                } else if (c == '\\') {
                    keepEscape = keep();
                    if (keepEscape) {
                        out.append(c);
                    }
                    state = State.ESCAPE;
                } else if (keep()) {
                    out.append(c);
                }
            }
            case ESCAPE -> {
                if (keepEscape) {
                    out.append(c);
                }
                if (c == 'u') {
                    hexLeft = 4;
                    state = State.UNICODE;
                } else {
                    state = State.STRING;
                }
            }
            case UNICODE -> {
                if (keepEscape) {
                    out.append(c);
                }
                if (--hexLeft == 0) {
                    state = State.STRING;
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    /** Counts one character of the string; false once it is over the limit (the mark is written once). */
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

    @Override
    public void close() throws IOException {
        in.close();
    }
}
