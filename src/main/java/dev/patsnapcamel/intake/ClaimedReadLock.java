package dev.patsnapcamel.intake;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileHelper;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.patsnapcamel.ops.LogSafe;

/**
 * The read lock of a shared inbox (cluster mode): a file is read by one node only. Before its own check
 * (the complete-file rule of the watched folder, the stable size of SFTP), the node claims the file in the
 * shared state database ({@code claims}, one row per input keyed by its fingerprint, see
 * {@code InboxClaims}); a file another node has claimed is refused at once, without waiting, so that it
 * does not hold up the rest of the poll (logged at DEBUG only: on a shared inbox that is the normal case).
 * The claim is released when the file is done: after it was moved to {@code .done/} or {@code .failed/}
 * (Camel's file consumer moves it, then releases the read lock), or when this node gets no further than
 * the lock. A database that cannot be reached is no claim: the file is left for a later look.
 * <p>
 * The fingerprint is the endpoint's {@code idempotentKey} (the key Camel's own {@code readLock=idempotent}
 * uses), evaluated for the file; the routes set it to the expression their {@code PatsnapFingerprint} uses.
 * Not Camel's idempotent read lock itself: that one exists for local files only (not SFTP) and would take the
 * place of the complete-file rule.
 */
public final class ClaimedReadLock<T> implements GenericFileExclusiveReadLockStrategy<T> {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimedReadLock.class);

    private final GenericFileExclusiveReadLockStrategy<T> check;
    private final IdempotentRepository claims;
    private final AtomicBoolean unreachable = new AtomicBoolean();
    /** The inputs this lock has claimed and not released yet (a refused lock releases nothing). */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    /**
     * @param check  the lock of the intake alone (whether the file is complete), asked once the claim is had
     * @param claims the shared claims, bound to this node
     */
    public ClaimedReadLock(GenericFileExclusiveReadLockStrategy<T> check, IdempotentRepository claims) {
        this.check = check;
        this.claims = claims;
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<T> operations, GenericFileEndpoint<T> endpoint)
            throws Exception {
        if (endpoint.getIdempotentKey() == null) {
            throw new IllegalStateException("the shared inbox's read lock needs the endpoint's idempotentKey (the"
                    + " input's fingerprint) on " + endpoint);
        }
        check.prepareOnStartup(operations, endpoint);
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<T> operations, GenericFile<T> file, Exchange exchange)
            throws Exception {
        String fingerprint = fingerprint(file, exchange);
        boolean claimed;
        try {
            claimed = claims.add(fingerprint);
        } catch (RuntimeException e) {
            if (unreachable.compareAndSet(false, true)) {
                LOG.warn(
                        "Cannot claim {} in the state database ({}): not read until the claim can be made",
                        InboxFilter.printable(file.getFileName()),
                        InboxFilter.printable(e.toString()));
            } else {
                LOG.debug("Cannot claim {}: {}", InboxFilter.printable(file.getFileName()), e.toString());
            }
            return false;
        }
        if (unreachable.compareAndSet(true, false)) {
            LOG.info("Claims in the state database work again");
        }
        if (!claimed) {
            LOG.debug("{} is read by another node: skipped", InboxFilter.printable(file.getFileName()));
            return false;
        }
        held.add(fingerprint);
        boolean locked = false;
        try {
            locked = check.acquireExclusiveReadLock(operations, file, exchange);
            return locked;
        } finally {
            if (!locked) {
                release(fingerprint);
            }
        }
    }

    @Override
    public void releaseExclusiveReadLockOnAbort(
            GenericFileOperations<T> operations, GenericFile<T> file, Exchange exchange) throws Exception {
        // also after a refused lock: only this node's own claim is ever released
        try {
            check.releaseExclusiveReadLockOnAbort(operations, file, exchange);
        } finally {
            release(fingerprint(file, exchange));
        }
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(
            GenericFileOperations<T> operations, GenericFile<T> file, Exchange exchange) throws Exception {
        try {
            check.releaseExclusiveReadLockOnRollback(operations, file, exchange);
        } finally {
            release(fingerprint(file, exchange));
        }
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(
            GenericFileOperations<T> operations, GenericFile<T> file, Exchange exchange) throws Exception {
        try {
            check.releaseExclusiveReadLockOnCommit(operations, file, exchange);
        } finally {
            release(fingerprint(file, exchange));
        }
    }

    private void release(String fingerprint) {
        if (!held.remove(fingerprint)) {
            return;
        }
        try {
            claims.remove(fingerprint);
        } catch (RuntimeException e) {
            // the claim stays until this node restarts or is taken over as gone
            LOG.warn("Cannot release the claim of {}: {}", LogSafe.of(fingerprint), LogSafe.of(e.toString()));
        }
    }

    /**
     * The input's fingerprint: the idempotentKey of the endpoint that took the file, for this file (as Camel's
     * idempotent lock does). One lock may serve several endpoints (the inbox and its estimate folder).
     */
    @SuppressWarnings("unchecked")
    private String fingerprint(GenericFile<T> file, Exchange exchange) {
        GenericFileEndpoint<T> endpoint = (GenericFileEndpoint<T>) exchange.getFromEndpoint();
        Exchange dummy = GenericFileHelper.createDummy(endpoint, exchange, () -> file);
        return endpoint.getIdempotentKey().evaluate(dummy, String.class);
    }

    // the wrapped lock is configured by its own owner

    @Override
    public void setTimeout(long timeout) {
        check.setTimeout(timeout);
    }

    @Override
    public void setCheckInterval(long checkInterval) {
        check.setCheckInterval(checkInterval);
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel readLockLoggingLevel) {
        check.setReadLockLoggingLevel(readLockLoggingLevel);
    }

    @Override
    public void setMarkerFiler(boolean markerFile) {
        check.setMarkerFiler(markerFile);
    }

    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
        check.setDeleteOrphanLockFiles(deleteOrphanLockFiles);
    }
}
