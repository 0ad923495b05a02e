package dev.patsnapcamel.intake;

import java.util.Iterator;

/**
 * An iterator over a resource that must be released when the caller is done with it, even when the
 * iteration stops early. Use it with try-with-resources.
 *
 * @param <T> the element type
 */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {

    /** Releases the underlying resource. Calling it again has no effect. */
    @Override
    void close();
}
