package dev.patsnapcamel.intake;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watched folder's read lock: a file listed by {@link InboxFilter} is read only if it is still
 * complete by the {@link CompleteFileRule} when its turn comes (the files of a look are read one after
 * the other, so a file may have changed since it was listed). If it is not, it is looked at again every
 * {@code intake.file.poll-interval} for up to {@code intake.file.read-lock-timeout}, then left for the
 * next look. No marker file is written. It takes the place of Camel's {@code readLock=changed} with
 * {@code readLockMinAge}, which knows the first rule only and so kept a file moved in just after it was
 * written waiting for the whole stable time.
 */
public final class InboxReadLock implements GenericFileExclusiveReadLockStrategy<File> {

    private static final Logger LOG = LoggerFactory.getLogger(InboxReadLock.class);

    private final CompleteFileRule rule;
    private final long checkIntervalMs;
    private final long timeoutMs;

    /**
     * @param checkIntervalMs how often a file not complete yet is looked at again
     * @param timeoutMs       how long that goes on before the file is left for the next look
     */
    public InboxReadLock(CompleteFileRule rule, long checkIntervalMs, long timeoutMs) {
        this.rule = rule;
        this.checkIntervalMs = checkIntervalMs;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public boolean acquireExclusiveReadLock(
            GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange) {
        Path path = Path.of(file.getAbsoluteFilePath());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            BasicFileAttributes content;
            try {
                content = Files.readAttributes(path, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                LOG.info("{} is gone before it could be read: skipped", InboxFilter.printable(file.getFileName()));
                return false;
            } catch (IOException e) {
                LOG.info("Cannot look at {}: {}; left for the next look", InboxFilter.printable(file.getFileName()), e);
                return false;
            }
            if (rule.complete(path, content)) {
                return true;
            }
            if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(checkIntervalMs) - deadline > 0) {
                LOG.info(
                        "{} is still changing after {} ms: left for the next look",
                        InboxFilter.printable(file.getFileName()),
                        timeoutMs);
                return false;
            }
            try {
                Thread.sleep(checkIntervalMs);
            } catch (InterruptedException e) {
                // stopping
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<File> operations, GenericFileEndpoint<File> endpoint) {
        // no marker files to clean up
    }

    @Override
    public void releaseExclusiveReadLockOnAbort(
            GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange) {
        // nothing held
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(
            GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange) {
        // nothing held
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(
            GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange) {
        // nothing held
    }

    // configured from the intake.file.* keys, not from the endpoint's readLock* options

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
