package dev.patsnapcamel.intake;

import java.io.IOException;
import java.io.Reader;

/**
 * A reader in front of a parser that passes text on unchanged, except that a value (a CSV cell, a JSON
 * string) longer than the limit is cut: its first characters, then the {@link LongValue} mark. So the
 * parser never holds a value longer than the limit and the mark, whatever the input. Subclasses follow
 * the syntax ({@link #accept}) and call {@link #startValue()} and {@link #keep()}.
 */
abstract class ValueCuttingReader extends Reader {

    /** What the subclass writes to be passed on. */
    protected final StringBuilder out = new StringBuilder(8192 + 64);

    private final Reader in;
    private final int maxLength;
    private final String mark;
    private final char[] buffer = new char[8192];
    private int outPosition;
    private int length;
    private boolean cut;
    private boolean ended;

    ValueCuttingReader(Reader in, int maxLength) {
        this.in = in;
        this.maxLength = maxLength;
        this.mark = LongValue.mark(maxLength);
    }

    /** Takes one character of the input, writing to {@link #out} what is passed on. */
    protected abstract void accept(char c);

    /** The input has ended: writes what a pending state still owes (nothing by default). */
    protected void atEnd() {}

    /** A new value starts: its characters are counted from zero. */
    protected final void startValue() {
        length = 0;
        cut = false;
    }

    /** Counts one character of the value; false once it is over the limit (the mark is written once). */
    protected final boolean keep() {
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
    public final int read(char[] target, int offset, int count) throws IOException {
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
                atEnd();
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

    @Override
    public final void close() throws IOException {
        in.close();
    }
}
