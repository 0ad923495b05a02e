package dev.patsnapcamel.intake;

import java.io.Reader;

/**
 * Passes CSV text (RFC 4180: comma, double quotes, CR/LF) on unchanged, except that a cell longer than
 * the limit is cut: its first characters, then the {@link LongValue} mark. The CSV parser holds a whole
 * cell in memory; behind this guard no cell is ever longer than the limit and the mark, whatever the
 * input. Quoted cells are followed as the parser does: a doubled quote is one character of the cell.
 */
final class CsvCellGuard extends ValueCuttingReader {

    private enum State {
        CELL_START,
        UNQUOTED,
        QUOTED,
        QUOTE_IN_QUOTED,
        AFTER_QUOTED
    }

    private State state = State.CELL_START;

    CsvCellGuard(Reader in, int maxLength) {
        super(in, maxLength);
    }

    @Override
    protected void atEnd() {
        if (state == State.QUOTE_IN_QUOTED) {
            out.append('"');
        }
    }

    @Override
    protected void accept(char c) {
        switch (state) {
            case CELL_START -> {
                startValue();
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

    private static boolean separator(char c) {
        return c == ',' || c == '\n' || c == '\r';
    }
}
