package dev.patsnapcamel.intake;

import java.io.Reader;

/**
 * Passes JSON text on unchanged, except that a string longer than the limit is cut: its first
 * characters, then the {@link LongValue} mark, then the closing quote. The JSON parser holds a whole
 * string in memory; behind this guard no string is ever longer than the limit and the mark. An escape
 * ({@code \n}, {@code \u00e9}) counts as one character and is never cut in two.
 */
final class JsonStringGuard extends ValueCuttingReader {

    private enum State {
        OUTSIDE,
        STRING,
        ESCAPE,
        UNICODE
    }

    private State state = State.OUTSIDE;
    /** Whether the escape being read is kept. */
    private boolean keepEscape;

    private int hexLeft;

    JsonStringGuard(Reader in, int maxLength) {
        super(in, maxLength);
    }

    @Override
    protected void accept(char c) {
        switch (state) {
            case OUTSIDE -> {
                out.append(c);
                if (c == '"') {
                    state = State.STRING;
                    startValue();
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
}
