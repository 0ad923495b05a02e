package dev.patsnapcamel.flow;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;

import dev.patsnapcamel.intake.CloseableIterator;
import dev.patsnapcamel.intake.IdFormat;
import dev.patsnapcamel.intake.IdReader;
import dev.patsnapcamel.intake.PatentIdNormaliser;
import dev.patsnapcamel.intake.PatentQuery;
import org.apache.camel.Exchange;
import org.apache.camel.NoTypeConversionAvailableException;

/**
 * Reads the IDs of an incoming source (a file, a message) for the intake route: a validating pass
 * first, so that an unreadable input is refused before any of its IDs goes anywhere, then a streaming
 * pass that yields normalised {@link PatentQuery}s one at a time.
 */
public final class IntakeReader {

    /** Header naming the input's format ({@code txt}, {@code csv}, {@code json}); else taken from the file name. */
    public static final String FORMAT = "PatsnapFormat";

    /** Checks the whole input; throws {@code UnreadableInputException} naming the problem. Returns the value count. */
    public long scan(Exchange exchange) throws NoTypeConversionAvailableException {
        try (InputStream in = open(exchange)) {
            return IdReader.scan(in, format(exchange));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Streams the input's values, normalised; the splitter closes the iterator when done. */
    public Iterator<PatentQuery> values(Exchange exchange) throws NoTypeConversionAvailableException {
        return new Normalising(IdReader.values(open(exchange), format(exchange)));
    }

    private static IdFormat format(Exchange exchange) {
        String declared = exchange.getMessage().getHeader(FORMAT, String.class);
        if (declared != null && !declared.isBlank()) {
            return IdFormat.forFileName("input." + declared.trim());
        }
        return IdFormat.forFileName(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, "", String.class));
    }

    private static InputStream open(Exchange exchange) throws NoTypeConversionAvailableException {
        return exchange.getContext().getTypeConverter().mandatoryConvertTo(InputStream.class, exchange,
                exchange.getMessage().getBody());
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
