package dev.patsnapcamel.flow;

import dev.patsnapcamel.model.LedgerEntry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.patsnapcamel.ops.PatsnapMetrics;
import dev.patsnapcamel.state.SettledLines;
import dev.patsnapcamel.state.StateStore;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Appends ledger lines to {@code <outbox>/<endpoint>/ledger-<yyyy-MM-dd>.jsonl} (UTC date, one file a
 * day per endpoint), exactly once per (source, endpoint, ID):
 * <ol>
 * <li>under the endpoint's lock, entries already recorded in {@code patsnap_settled} are skipped (a
 * batch repeated after a crash writes nothing twice);</li>
 * <li>the new lines are appended and flushed;</li>
 * <li>one transaction records them in {@code patsnap_settled} and moves the file's checkpoint to its new end.</li>
 * </ol>
 * A crash between 2 and 3 leaves lines past the checkpoint; {@link #recover()} records them at start-up
 * (and cuts a half-written last line), so the ledger file is always the truth.
 * <p>
 * Step 3 also records the lines in the {@link LedgerOutbox}, and so does {@link #recover()}: lines the
 * other outputs have not been given are handed to them after a crash, too.
 * <p>
 * While the bundle calls its built-in sandbox, every line it writes (and hands on to the other outputs) is
 * marked {@code "sandbox": true}; lines from the real API carry no such field.
 */
public final class LedgerWriter {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path outbox;
    private final SettledLines settled;
    private final Clock clock;
    private final PatsnapMetrics metrics;
    private final boolean sandbox;
    private final ObjectWriter writer = JSON.writerFor(LedgerEntry.class);
    private final Map<String, Object> locks = new HashMap<>();
    private final LedgerOutbox handOn;

    public LedgerWriter(Path outbox, StateStore store, PatsnapMetrics metrics, Clock clock) {
        this(outbox, store, metrics, clock, false);
    }

    /** @param sandbox the bundle calls its built-in sandbox: every line is marked {@code "sandbox": true} */
    public LedgerWriter(Path outbox, StateStore store, PatsnapMetrics metrics, Clock clock, boolean sandbox) {
        this.outbox = outbox;
        this.settled = new SettledLines(store);
        this.metrics = metrics;
        this.clock = clock;
        this.sandbox = sandbox;
        this.handOn = new LedgerOutbox(store);
    }

    /** What the lines written are recorded in until the other outputs have them. */
    public LedgerOutbox outbox() {
        return handOn;
    }

    /** The folder holding one endpoint's ledger files. */
    public Path folder(String endpoint) {
        if (!SAFE_NAME.matcher(endpoint).matches()) {
            throw new IllegalArgumentException("endpoint name '" + endpoint + "' is not a safe folder name");
        }
        return outbox.resolve(endpoint);
    }

    /** Writes the entries not written before; returns those it wrote. */
    public List<LedgerEntry> append(@Body List<LedgerEntry> entries) {
        return append(entries, new ArrayList<>());
    }

    /**
     * Writes the entries not written before and returns those it wrote, for the other outputs (route
     * {@code ledger-settle}): the ids of their {@link LedgerOutbox} entries go in the exchange property
     * {@value LedgerOutbox#ENTRIES}, to be cleared once the outputs have them.
     */
    public List<LedgerEntry> settle(@Body List<LedgerEntry> entries, Exchange exchange) {
        List<String> outboxIds = new ArrayList<>();
        List<LedgerEntry> written = append(entries, outboxIds);
        exchange.setProperty(LedgerOutbox.ENTRIES, outboxIds);
        return written;
    }

    private List<LedgerEntry> append(List<LedgerEntry> entries, List<String> outboxIds) {
        Map<String, List<LedgerEntry>> byEndpoint = new LinkedHashMap<>();
        for (LedgerEntry e : entries) {
            byEndpoint.computeIfAbsent(e.endpoint(), k -> new ArrayList<>()).add(sandbox ? e.fromSandbox() : e);
        }
        List<LedgerEntry> written = new ArrayList<>(entries.size());
        byEndpoint.forEach((endpoint, group) -> {
            synchronized (lockFor(endpoint)) {
                written.addAll(appendLocked(endpoint, group, outboxIds));
            }
        });
        written.forEach(e -> metrics.settled(e.endpoint(), e.status().label(), 1));
        return written;
    }

    private List<LedgerEntry> appendLocked(String endpoint, List<LedgerEntry> group, List<String> outboxIds) {
        Path file = folder(endpoint).resolve("ledger-" + LocalDate.now(clock.withZone(ZoneOffset.UTC)) + ".jsonl");
        try {
            return settled.database().inTransaction(() -> {
                List<LedgerEntry> fresh = settled.unsettled(group);
                if (fresh.isEmpty()) {
                    return fresh;
                }
                long before;
                long end;
                try {
                    StringBuilder lines = new StringBuilder();
                    for (LedgerEntry e : fresh) {
                        lines.append(writer.writeValueAsString(e)).append('\n');
                    }
                    before = Files.exists(file) ? Files.size(file) : 0;
                    end = appendToFile(file, lines.toString());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the ledger " + file, e);
                }
                try {
                    settled.settle(fresh);
                    settled.moveCheckpoint(file, end);
                    outboxIds.add(handOn.record(file, before, end));
                } catch (DataAccessException e) {
                    // not recorded: take the lines back, so that the next attempt does not write them twice
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.truncate(before);
                    } catch (IOException truncate) {
                        e.addSuppressed(truncate);
                    }
                    throw e;
                }
                return fresh;
            });
        } catch (DataAccessException e) {
            throw new IllegalStateException("cannot record ledger lines: " + e.getMessage(), e);
        }
    }

    private static long appendToFile(Path file, String lines) throws IOException {
        Files.createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(lines.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            return channel.size();
        }
    }

    /**
     * Brings {@code patsnap_settled} up to date with the ledger files after an unclean stop: lines past a
     * file's checkpoint are recorded, and a half-written last line is cut off (its ID is asked again).
     */
    public void recover() {
        if (!Files.isDirectory(outbox)) {
            return;
        }
        try (Stream<Path> files = Files.walk(outbox, 2)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("ledger-.*\\.jsonl")).sorted().toList()) {
                recover(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan the ledgers in " + outbox, e);
        }
    }

    private void recover(Path file) throws IOException {
        long from = settled.checkpoint(file).orElse(0L);
        long size = Files.size(file);
        if (from >= size) {
            return;
        }
        byte[] tail;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(from);
            tail = new byte[(int) Math.min(Integer.MAX_VALUE - 8, size - from)];
            raf.readFully(tail);
        }
        int lastNewline = lastIndexOf(tail, (byte) '\n');
        long complete = from + lastNewline + 1;
        List<LedgerEntry> candidates = new ArrayList<>();
        if (lastNewline >= 0) {
            for (String line : new String(tail, 0, lastNewline + 1, StandardCharsets.UTF_8).split("\n")) {
                LedgerEntry entry = unfinishedEntry(line);
                if (entry != null) {
                    candidates.add(entry);
                }
            }
        }
        int recorded;
        try {
            recorded = settled.database().inTransaction(() -> {
                List<LedgerEntry> fresh = settled.unsettled(candidates);
                settled.settle(fresh);
                if (complete < size) {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.truncate(complete);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    LOG.warn("Ledger {}: cut a half-written last line of {} bytes (its ID will be asked again)", file,
                            size - complete);
                }
                settled.moveCheckpoint(file, complete);
                if (!fresh.isEmpty()) {
                    // never handed to the outputs: the outbox hands them on once the routes run
                    handOn.recordRecovered(file, from, complete);
                }
                return fresh.size();
            });
        } catch (DataAccessException e) {
            throw new IllegalStateException("cannot recover the ledger " + file + ": " + e.getMessage(), e);
        }
        if (recorded > 0) {
            LOG.info("Ledger {}: recorded {} lines written just before the last stop", file, recorded);
        }
    }

    /** The line's entry when it belongs to a source still in progress; null otherwise. */
    private LedgerEntry unfinishedEntry(String line) throws IOException {
        if (line.isBlank()) {
            return null;
        }
        JsonNode node = JSON.readTree(line);
        String sourceKey = node.path("source_id").asText(null);
        if (sourceKey == null || !settled.unfinished(sourceKey)) {
            return null;
        }
        return JSON.treeToValue(node, LedgerEntry.class);
    }

    private static int lastIndexOf(byte[] bytes, byte b) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private synchronized Object lockFor(String endpoint) {
        return locks.computeIfAbsent(endpoint, e -> new Object());
    }
}
