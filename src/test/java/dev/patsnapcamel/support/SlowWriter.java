package dev.patsnapcamel.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes a file of patent numbers one line at a time, as a slow uploader would, so that tests can check
 * that an intake waits until the file is complete. The numbers are {@code US<first + i>B1}.
 */
public final class SlowWriter implements AutoCloseable {

    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
    private final CountDownLatch written = new CountDownLatch(1);

    private SlowWriter(Path file, int lines, long first, Duration every) throws IOException {
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW);
        AtomicInteger line = new AtomicInteger();
        writer.scheduleAtFixedRate(
                () -> {
                    try {
                        int i = line.getAndIncrement();
                        if (i < lines) {
                            out.write(("US" + (first + i) + "B1\n").getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        } else if (i == lines) {
                            out.close();
                            written.countDown();
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                0,
                every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Starts writing {@code lines} lines to a new file, one every {@code every}. */
    public static SlowWriter start(Path file, int lines, long first, Duration every) throws IOException {
        return new SlowWriter(file, lines, first, every);
    }

    /** Whether the last line was written and the file closed within the time. */
    public boolean awaitWritten(Duration timeout) throws InterruptedException {
        return written.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }
}
