package dev.patsnapcamel.flow;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.state.SettledLines;

/**
 * The ledger writer's start-up step after an unclean stop: lines past a ledger file's checkpoint (written, but
 * the bundle stopped before recording them) are recorded in {@code patsnap_settled} and in the
 * {@link LedgerOutbox}, and a half-written last line is cut off (its ID is asked again), so that the ledger
 * file is always the truth.
 * <p>
 * In cluster mode the database is the truth instead ({@link #cutBack}): a node's file past its checkpoint
 * holds lines whose rows were never committed, and is cut back to the checkpoint.
 */
final class LedgerRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerRecovery.class);

    private final Path outbox;
    private final SettledLines settled;
    private final LedgerOutbox handOn;
    private final ObjectMapper json;

    LedgerRecovery(Path outbox, SettledLines settled, LedgerOutbox handOn, ObjectMapper json) {
        this.json = json;
        this.outbox = outbox;
        this.settled = settled;
        this.handOn = handOn;
    }

    /** Which ledger files are the node's own: {@code ledger-<yyyy-MM-dd>-<node>.jsonl}. */
    static Predicate<Path> filesOf(String node) {
        Pattern name = Pattern.compile("ledger-\\d{4}-\\d{2}-\\d{2}-" + Pattern.quote(node) + "\\.jsonl");
        return file -> file.getFileName() != null
                && name.matcher(file.getFileName().toString()).matches();
    }

    /**
     * Cluster mode: cuts every ledger file of the node back to its checkpoint (a file never recorded, to
     * nothing): the lines past it were written in a transaction that never committed, so their rows are not
     * in {@code patsnap_settled} and their IDs are settled again, by any node. Returns the bytes cut.
     */
    long cutBack(String node) {
        if (!Files.isDirectory(outbox)) {
            return 0;
        }
        long cut = 0;
        try (Stream<Path> files = Files.walk(outbox, 2)) {
            for (Path file : files.filter(filesOf(node)).sorted().toList()) {
                long checkpoint = settled.checkpoint(file).orElse(0L);
                long size = Files.size(file);
                if (size > checkpoint) {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.truncate(checkpoint);
                    }
                    cut += size - checkpoint;
                    LOG.warn(
                            "Ledger {}: cut {} bytes past its checkpoint (never committed: their IDs are settled again)",
                            file,
                            size - checkpoint);
                } else if (size < checkpoint) {
                    LOG.warn("Ledger {} is shorter ({} bytes) than its checkpoint ({})", file, size, checkpoint);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cut back the ledgers of node " + node + " in " + outbox, e);
        }
        return cut;
    }

    /** Recovers every ledger file under the outbox. */
    void recover() {
        if (!Files.isDirectory(outbox)) {
            return;
        }
        try (Stream<Path> files = Files.walk(outbox, 2)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("ledger-.*\\.jsonl"))
                    .sorted()
                    .toList()) {
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
                    LOG.warn(
                            "Ledger {}: cut a half-written last line of {} bytes (its ID will be asked again)",
                            file,
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
        JsonNode node = json.readTree(line);
        String sourceKey = node.path("source_id").asText(null);
        if (sourceKey == null || !settled.unfinished(sourceKey)) {
            return null;
        }
        return json.treeToValue(node, LedgerEntry.class);
    }

    private static int lastIndexOf(byte[] bytes, byte b) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
