package dev.patsnapcamel.intake;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.remote.RemoteFileEndpoint;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.apache.camel.component.file.remote.strategy.SftpChangedExclusiveReadLockStrategy;

/**
 * The SFTP intake's read lock as the route configures it ({@code readLock=changed} with its
 * {@code readLock*} options): Camel's {@link SftpChangedExclusiveReadLockStrategy} (a file is taken once its
 * size and time stamp on the server stayed the same), made from the endpoint's own options when the consumer
 * starts, set as Camel's SFTP component sets them. It is a bean of its own only so that cluster mode can put
 * the claim of the shared inbox ({@link ClaimedReadLock}) in front of it; alone it behaves exactly as
 * {@code readLock=changed}.
 */
public final class SftpStableFileLock implements GenericFileExclusiveReadLockStrategy<SftpRemoteFile> {

    private volatile GenericFileExclusiveReadLockStrategy<SftpRemoteFile> changed;

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void prepareOnStartup(
            GenericFileOperations<SftpRemoteFile> operations, GenericFileEndpoint<SftpRemoteFile> endpoint)
            throws Exception {
        if (!"changed".equals(endpoint.getReadLock())) {
            throw new IllegalStateException(
                    "the SFTP intake's read lock is readLock=changed, the endpoint says " + endpoint.getReadLock());
        }
        // as Camel's SftpProcessStrategyFactory makes it from the endpoint's options
        SftpChangedExclusiveReadLockStrategy lock = new SftpChangedExclusiveReadLockStrategy();
        if (endpoint.getReadLockTimeout() > 0) {
            lock.setTimeout(endpoint.getReadLockTimeout());
        }
        if (endpoint.getReadLockCheckInterval() > 0) {
            lock.setCheckInterval(endpoint.getReadLockCheckInterval());
        }
        lock.setMinLength(endpoint.getReadLockMinLength());
        lock.setMinAge(endpoint.getReadLockMinAge());
        if (endpoint instanceof RemoteFileEndpoint<?> remote) {
            lock.setFastExistsCheck(remote.isFastExistsCheck());
        }
        lock.setMarkerFiler(endpoint.isReadLockMarkerFile());
        if (endpoint.getReadLockLoggingLevel() != null) {
            lock.setReadLockLoggingLevel(endpoint.getReadLockLoggingLevel());
        }
        // declared for the file entries of an older Camel, used by Camel itself as here (the types are erased)
        GenericFileExclusiveReadLockStrategy<SftpRemoteFile> made = (GenericFileExclusiveReadLockStrategy) lock;
        made.prepareOnStartup(operations, endpoint);
        changed = made;
    }

    @Override
    public boolean acquireExclusiveReadLock(
            GenericFileOperations<SftpRemoteFile> operations, GenericFile<SftpRemoteFile> file, Exchange exchange)
            throws Exception {
        return changed.acquireExclusiveReadLock(operations, file, exchange);
    }

    @Override
    public void releaseExclusiveReadLockOnAbort(
            GenericFileOperations<SftpRemoteFile> operations, GenericFile<SftpRemoteFile> file, Exchange exchange)
            throws Exception {
        changed.releaseExclusiveReadLockOnAbort(operations, file, exchange);
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(
            GenericFileOperations<SftpRemoteFile> operations, GenericFile<SftpRemoteFile> file, Exchange exchange)
            throws Exception {
        changed.releaseExclusiveReadLockOnRollback(operations, file, exchange);
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(
            GenericFileOperations<SftpRemoteFile> operations, GenericFile<SftpRemoteFile> file, Exchange exchange)
            throws Exception {
        changed.releaseExclusiveReadLockOnCommit(operations, file, exchange);
    }

    // configured from the endpoint's readLock* options at start (above)

    @Override
    public void setTimeout(long timeout) {}

    @Override
    public void setCheckInterval(long checkInterval) {}

    @Override
    public void setReadLockLoggingLevel(LoggingLevel readLockLoggingLevel) {}

    @Override
    public void setMarkerFiler(boolean markerFile) {}

    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {}
}
