package dev.patsnapcamel.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.FileConsumer;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared inbox's read lock without a database: a file another node has claimed is refused before the
 * intake's own check is asked (no waiting), a file the check refuses is released at once, a read one is
 * released on commit or rollback, a refused one never releases the other node's claim, and a database that
 * cannot be reached is no claim (and no exception).
 */
class ClaimedReadLockTest {

    @TempDir
    Path dir;

    DefaultCamelContext context;
    FileEndpoint endpoint;
    GenericFile<File> file;
    Exchange exchange;
    final Claims claims = new Claims("node-a");
    final Check check = new Check();
    ClaimedReadLock<File> lock;

    @BeforeEach
    void start() throws Exception {
        context = new DefaultCamelContext();
        context.start();
        endpoint = context.getEndpoint("file:" + dir, FileEndpoint.class);
        endpoint.setIdempotentKey("file:${file:onlyname}|${file:size}");
        Path input = Files.writeString(dir.resolve("ids.txt"), "US1B2\n");
        file = FileConsumer.asGenericFile(dir.toString(), input.toFile(), null, false);
        exchange = endpoint.createExchange(file);
        lock = new ClaimedReadLock<>(check, claims);
        lock.prepareOnStartup(null, endpoint);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void aFileClaimedByAnotherNodeIsRefusedAtOnceAndItsClaimStays() throws Exception {
        claims.owners.put("file:ids.txt|6", "node-b");

        assertThat(lock.acquireExclusiveReadLock(null, file, exchange)).isFalse();
        lock.releaseExclusiveReadLockOnAbort(null, file, exchange);

        assertThat(check.asked).hasValue(0);
        assertThat(claims.owners).containsEntry("file:ids.txt|6", "node-b");
        assertThat(claims.removes).hasValue(0);
    }

    @Test
    void aClaimedFileIsReadAndReleasedOnCommitOrRollback() throws Exception {
        assertThat(lock.acquireExclusiveReadLock(null, file, exchange)).isTrue();
        assertThat(claims.owners).containsEntry("file:ids.txt|6", "node-a");
        assertThat(check.asked).hasValue(1);
        lock.releaseExclusiveReadLockOnCommit(null, file, exchange);
        assertThat(claims.owners).isEmpty();

        assertThat(lock.acquireExclusiveReadLock(null, file, exchange)).isTrue();
        lock.releaseExclusiveReadLockOnRollback(null, file, exchange);
        assertThat(claims.owners).isEmpty();
        assertThat(check.released).hasValue(2);
    }

    @Test
    void aFileTheIntakeRefusesIsReleasedAtOnce() throws Exception {
        check.answer = false;

        assertThat(lock.acquireExclusiveReadLock(null, file, exchange)).isFalse();

        assertThat(claims.owners).isEmpty();
        lock.releaseExclusiveReadLockOnAbort(null, file, exchange);
        assertThat(claims.removes).hasValue(1);
    }

    @Test
    void anUnreachableDatabaseIsNoClaimAndNoError() throws Exception {
        claims.down = true;
        assertThat(lock.acquireExclusiveReadLock(null, file, exchange)).isFalse();
        assertThat(lock.acquireExclusiveReadLock(null, file, exchange)).isFalse();
        lock.releaseExclusiveReadLockOnAbort(null, file, exchange);
        assertThat(check.asked).hasValue(0);

        claims.down = false;
        assertThat(lock.acquireExclusiveReadLock(null, file, exchange)).isTrue();
        assertThat(claims.owners).containsEntry("file:ids.txt|6", "node-a");
    }

    @Test
    void anEndpointWithoutTheFingerprintIsRefusedAtStart() {
        FileEndpoint bare = context.getEndpoint("file:" + dir.resolve("other"), FileEndpoint.class);
        assertThatThrownBy(() -> lock.prepareOnStartup(null, bare))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("idempotentKey");
    }

    /** Claims as the state database keeps them, for one node. */
    static final class Claims extends ServiceSupport implements IdempotentRepository {
        final String node;
        final Map<String, String> owners = new ConcurrentHashMap<>();
        final AtomicInteger removes = new AtomicInteger();
        volatile boolean down;

        Claims(String node) {
            this.node = node;
        }

        @Override
        public boolean add(String key) {
            if (down) {
                throw new IllegalStateException("connection refused");
            }
            return owners.putIfAbsent(key, node) == null || node.equals(owners.get(key));
        }

        @Override
        public boolean contains(String key) {
            return owners.containsKey(key);
        }

        @Override
        public boolean remove(String key) {
            removes.incrementAndGet();
            return owners.remove(key, node);
        }

        @Override
        public boolean confirm(String key) {
            return true;
        }

        @Override
        public void clear() {
            owners.clear();
        }
    }

    /** The intake's own check, answering as told. */
    static final class Check implements GenericFileExclusiveReadLockStrategy<File> {
        volatile boolean answer = true;
        final AtomicInteger asked = new AtomicInteger();
        final AtomicInteger released = new AtomicInteger();

        @Override
        public void prepareOnStartup(GenericFileOperations<File> operations, GenericFileEndpoint<File> endpoint) {}

        @Override
        public boolean acquireExclusiveReadLock(
                GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange) {
            asked.incrementAndGet();
            return answer;
        }

        @Override
        public void releaseExclusiveReadLockOnAbort(
                GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange) {}

        @Override
        public void releaseExclusiveReadLockOnRollback(
                GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange) {
            released.incrementAndGet();
        }

        @Override
        public void releaseExclusiveReadLockOnCommit(
                GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange) {
            released.incrementAndGet();
        }

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
}
