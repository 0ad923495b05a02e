package dev.patsnapcamel.flow;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.NoTypeConversionAvailableException;

import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.PatentQuery;

/**
 * The values of an input for the intake's splitter ({@link IntakeReader#values}), which stop coming once
 * the bundle is stopping, for a file of the watched folder: {@link #parked} then says so, the input is not
 * marked read, and the file is moved to {@code .parked/} (route {@code input-read}); the next start moves
 * it back ({@code ParkedFiles}) and the intake resumes it where it stopped (same fingerprint, IDs handed on
 * before are skipped). Other intakes read on to the end.
 * <p>
 * Which sources stopped early is kept here, by source key, not on the exchange: the splitter evaluates
 * its expression on a copy of the exchange.
 */
public final class ParkableInput {

    private final IntakeReader reader;
    private final Stopping stopping;
    private final Set<String> parked = ConcurrentHashMap.newKeySet();

    public ParkableInput(IntakeReader reader, Stopping stopping) {
        this.reader = reader;
        this.stopping = stopping;
    }

    public Iterator<PatentQuery> values(Exchange exchange) throws NoTypeConversionAvailableException {
        Iterator<PatentQuery> values = reader.values(exchange);
        if (!Outputs.FILE.equals(exchange.getProperty(Headers.INTAKE, String.class))) {
            return values;
        }
        return new Parking(values, exchange.getProperty(Headers.SOURCE_KEY, String.class));
    }

    /** Whether reading this source stopped early because the bundle is stopping. */
    public boolean parked(@ExchangeProperty(Headers.SOURCE_KEY) String sourceKey) {
        return sourceKey != null && parked.contains(sourceKey);
    }

    private final class Parking implements Iterator<PatentQuery>, Closeable {
        private final Iterator<PatentQuery> values;
        private final String sourceKey;

        Parking(Iterator<PatentQuery> values, String sourceKey) {
            this.values = values;
            this.sourceKey = sourceKey;
        }

        @Override
        public boolean hasNext() {
            if (stopping.stopping() && sourceKey != null) {
                parked.add(sourceKey);
                return false;
            }
            return values.hasNext();
        }

        @Override
        public PatentQuery next() {
            return values.next();
        }

        @Override
        public void close() throws IOException {
            if (values instanceof Closeable closeable) {
                closeable.close();
            }
        }
    }
}
