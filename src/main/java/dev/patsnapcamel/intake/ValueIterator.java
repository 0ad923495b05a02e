package dev.patsnapcamel.intake;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;

/**
 * Look-ahead iterator over the values of one input. Subclasses produce values one at a time; an
 * error stops the iteration and is thrown again on every later call, so it cannot be missed.
 */
abstract class ValueIterator implements CloseableIterator<String> {

    private final Closeable source;
    private String next;
    private boolean exhausted;
    private boolean closed;
    private RuntimeException failure;

    /** @param source closed together with this iterator */
    ValueIterator(Closeable source) {
        this.source = source;
    }

    /**
     * @return the next value (trimmed, non-empty), or {@code null} at the end of the input
     * @throws IOException when the underlying stream fails
     */
    protected abstract String readNext() throws IOException;

    @Override
    public final boolean hasNext() {
        if (closed) {
            throw new IllegalStateException("the ID iterator is closed");
        }
        if (failure != null) {
            throw failure;
        }
        if (next == null && !exhausted) {
            try {
                next = readNext();
            } catch (IOException e) {
                failure = new UncheckedIOException(e);
            } catch (RuntimeException e) {
                failure = e;
            }
            if (failure != null) {
                throw failure;
            }
            exhausted = next == null;
        }
        return next != null;
    }

    @Override
    public final String next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        String value = next;
        next = null;
        return value;
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            source.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
