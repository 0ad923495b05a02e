package dev.patsnapcamel.flow;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;

import org.apache.camel.Exchange;
import org.apache.camel.NoTypeConversionAvailableException;

import dev.patsnapcamel.intake.CloseableIterator;
import dev.patsnapcamel.intake.IdFormat;
import dev.patsnapcamel.intake.IdReader;
import dev.patsnapcamel.intake.IntakeLimits;
import dev.patsnapcamel.intake.PatentIdNormaliser;
import dev.patsnapcamel.intake.UnreadableInputException;
import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.PatentQuery;

/**
 * Reads the IDs of an incoming source (a file, a message) for the intake route: a validating pass
 * first, so that an unreadable input is refused before any of its IDs goes anywhere, then a streaming
 * pass that yields normalised {@link PatentQuery}s one at a time, both within the {@link IntakeLimits}.
 * An input that cannot be opened or read (a file that vanished, or may not be read) is unreadable, with
 * the reason: it gets a report, never a stuck poll.
 */
public final class IntakeReader {

    private final IntakeLimits limits;

    public IntakeReader() {
        this(IntakeLimits.DEFAULTS);
    }

    public IntakeReader(IntakeLimits limits) {
        this.limits = limits;
    }

    /** Checks the whole input; throws {@code UnreadableInputException} naming the problem. Returns the value count. */
    public long scan(Exchange exchange) throws NoTypeConversionAvailableException {
        IdFormat format = format(exchange);
        try (InputStream in = open(exchange)) {
            return IdReader.scan(in, format, limits);
        } catch (IOException e) {
            throw cannotRead(e);
        } catch (UncheckedIOException e) {
            throw cannotRead(e.getCause());
        }
    }

    /** Streams the input's values, normalised; the splitter closes the iterator when done. */
    public Iterator<PatentQuery> values(Exchange exchange) throws NoTypeConversionAvailableException {
        IdFormat format = format(exchange);
        return new Normalising(IdReader.values(open(exchange), format, limits));
    }

    private static IdFormat format(Exchange exchange) {
        String declared = exchange.getMessage().getHeader(Headers.FORMAT, String.class);
        if (declared != null && !declared.isBlank()) {
            return IdFormat.forFileName("input." + declared.trim());
        }
        return IdFormat.forFileName(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, "", String.class));
    }

    private static InputStream open(Exchange exchange) throws NoTypeConversionAvailableException {
        try {
            return exchange.getContext()
                    .getTypeConverter()
                    .mandatoryConvertTo(
                            InputStream.class, exchange, exchange.getMessage().getBody());
        } catch (RuntimeException e) {
            IOException cause = ioCause(e);
            if (cause != null) {
                throw cannotRead(cause);
            }
            throw e;
        }
    }

    private static IOException ioCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    private static UnreadableInputException cannotRead(IOException e) {
        String reason = e instanceof java.nio.file.NoSuchFileException || e instanceof java.io.FileNotFoundException
                ? "it is gone or may not be opened (" + e.getMessage() + ")"
                : e.toString();
        return new UnreadableInputException("cannot read the input: " + reason, e);
    }

    /** Maps raw values to normalised queries; {@link Closeable} so that Camel's splitter closes the file. */
    private static final class Normalising implements Iterator<PatentQuery>, Closeable {
        private final CloseableIterator<String> raw;
        private boolean closed;

        Normalising(CloseableIterator<String> raw) {
            this.raw = raw;
        }

        @Override
        public boolean hasNext() {
            // the splitter may ask once more after closing
            return !closed && raw.hasNext();
        }

        @Override
        public PatentQuery next() {
            return PatentIdNormaliser.normalise(raw.next());
        }

        @Override
        public void close() {
            closed = true;
            raw.close();
        }
    }
}
