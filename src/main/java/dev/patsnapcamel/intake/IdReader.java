package dev.patsnapcamel.intake;

import java.io.InputStream;
import java.util.Objects;

/**
 * Reads the values of an ID list, streaming: memory use does not grow with the size of the input.
 *
 * <p>The input is UTF-8, with or without a byte order mark, in one of the {@link IdFormat}s. Values
 * come back trimmed and non-empty, with comments removed, in input order; they are neither
 * normalised ({@link PatentIdNormaliser} does that) nor de-duplicated.
 *
 * <p>An input that cannot be read at all raises {@link UnreadableInputException}; a failing stream
 * raises {@link java.io.UncheckedIOException}. As the input is read as it goes, an error near the end
 * surfaces only after earlier values were returned: call {@link #scan} first to settle whether a
 * whole input is readable before acting on any of its values.
 */
public final class IdReader {

    private IdReader() {}

    /**
     * Streams the values of an input. Nothing is read until the first {@code hasNext()}.
     *
     * @param in     the input; the iterator owns it from now on and closes it when closed
     * @param format how the input is written
     * @return the values in input order; close it when done
     * @throws UnreadableInputException from {@code hasNext()} or {@code next()} when the input turns
     *                                  out to be unreadable
     */
    public static CloseableIterator<String> values(InputStream in, IdFormat format) {
        return values(in, format, IntakeLimits.DEFAULTS);
    }

    /**
     * As {@link #values(InputStream, IdFormat)}, with these limits: a value longer than
     * {@link IntakeLimits#maxValueLength()} comes back cut ({@link LongValue}), never held whole.
     */
    public static CloseableIterator<String> values(InputStream in, IdFormat format, IntakeLimits limits) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(limits, "limits");
        Utf8TextReader text = new Utf8TextReader(in);
        return switch (format) {
            case TXT -> new TxtValues(text, limits.maxValueLength());
            case CSV -> new CsvValues(new CsvCellGuard(text, limits.maxValueLength()));
            case JSON -> new JsonValues(new JsonStringGuard(text, limits.maxValueLength()), limits.maxJsonDepth());
        };
    }

    /**
     * Reads a whole input once, checking that it is readable, and counts its values.
     *
     * @param in     the input; read to its end and closed
     * @param format how the input is written
     * @return the number of values {@link #values} would return (duplicates and values the
     *         normaliser rejects included)
     * @throws UnreadableInputException when the input cannot be read as an ID list
     */
    public static long scan(InputStream in, IdFormat format) {
        return scan(in, format, IntakeLimits.DEFAULTS);
    }

    /**
     * As {@link #scan(InputStream, IdFormat)}, with these limits.
     *
     * @throws UnreadableInputException also when the input holds more than
     *                                  {@link IntakeLimits#maxValues()} values (it is not read past the
     *                                  first one too many)
     */
    public static long scan(InputStream in, IdFormat format, IntakeLimits limits) {
        long count = 0;
        try (CloseableIterator<String> values = values(in, format, limits)) {
            while (values.hasNext()) {
                values.next();
                if (++count > limits.maxValues()) {
                    throw new UnreadableInputException("too many values: more than " + limits.maxValues()
                            + " (intake.max-ids-per-input); the input was not read further and none of its IDs "
                            + "was sent: split it into smaller inputs");
                }
            }
        }
        return count;
    }
}
