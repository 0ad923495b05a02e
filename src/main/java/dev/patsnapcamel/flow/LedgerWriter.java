package dev.patsnapcamel.flow;

import dev.patsnapcamel.model.Headers;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.patsnapcamel.ops.PatsnapMetrics;
import dev.patsnapcamel.state.StateStore;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private final Path outbox;
    private final StateStore store;
    private final Clock clock;
    private final PatsnapMetrics metrics;
    private final boolean sandbox;
    private final ObjectMapper json;
    private final ObjectWriter writer;
    private final Map<String, Object> locks = new HashMap<>();
    private final LedgerOutbox handOn;

    public LedgerWriter(Path outbox, StateStore store, PatsnapMetrics metrics, Clock clock, ObjectMapper json) {
        this(outbox, store, metrics, clock, false, json);
    }

    /** @param sandbox the bundle calls its built-in sandbox: every line is marked {@code "sandbox": true} */
    public LedgerWriter(Path outbox, StateStore store, PatsnapMetrics metrics, Clock clock, boolean sandbox,
            ObjectMapper json) {
        this.outbox = outbox;
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
        this.sandbox = sandbox;
        this.json = json;
        this.writer = json.writerFor(LedgerEntry.class);
        this.handOn = new LedgerOutbox(store, json);
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
     * {@value Headers#OUTBOX}, to be cleared once the outputs have them.
     */
    public List<LedgerEntry> settle(@Body List<LedgerEntry> entries, Exchange exchange) {
        List<String> outboxIds = new ArrayList<>();
        List<LedgerEntry> written = append(entries, outboxIds);
        exchange.setProperty(Headers.OUTBOX, outboxIds);
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
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            List<LedgerEntry> fresh = unsettled(c, group);
            if (fresh.isEmpty()) {
                c.rollback();
                return fresh;
            }
            StringBuilder lines = new StringBuilder();
            for (LedgerEntry e : fresh) {
                lines.append(writer.writeValueAsString(e)).append('\n');
            }
            long before = Files.exists(file) ? Files.size(file) : 0;
            long end = appendToFile(file, lines.toString());
            try {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO patsnap_settled (source_key, endpoint, query_key, status) VALUES (?, ?, ?, ?)")) {
                    for (LedgerEntry e : fresh) {
                        insert.setString(1, e.sourceKey());
                        insert.setString(2, e.endpoint());
                        insert.setString(3, StateStore.queryKey(e.query()));
                        insert.setString(4, e.recordedStatus());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                checkpoint(c, file, end);
                String outboxId = handOn.record(c, file, before, end);
                c.commit();
                outboxIds.add(outboxId);
            } catch (SQLException e) {
                // not recorded: take the lines back, so that the next attempt does not write them twice
                c.rollback();
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(before);
                }
                throw e;
            }
            return fresh;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record ledger lines: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ledger " + file, e);
        }
    }

    /**
     * The entries without a line yet, each once (a batch offered again after a crash can hold an ID twice);
     * a completed source takes no more lines (its bookkeeping is gone).
     */
    private static List<LedgerEntry> unsettled(Connection c, List<LedgerEntry> group) throws SQLException {
        List<LedgerEntry> fresh = new ArrayList<>(group.size());
        Set<String> seen = new HashSet<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT 1 FROM patsnap_settled WHERE source_key = ? AND endpoint = ? AND query_key = ?"
                        + " UNION ALL SELECT 1 FROM patsnap_source WHERE source_key = ? AND completed = TRUE")) {
            for (LedgerEntry e : group) {
                select.setString(4, e.sourceKey());
                select.setString(1, e.sourceKey());
                select.setString(2, e.endpoint());
                select.setString(3, StateStore.queryKey(e.query()));
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next() && seen.add(e.sourceKey() + '|' + e.endpoint() + '|' + e.query())) {
                        fresh.add(e);
                    }
                }
            }
        }
        return fresh;
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

    private static void checkpoint(Connection c, Path file, long position) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE patsnap_ledger_checkpoint SET position = ? WHERE ledger_file = ?")) {
            update.setLong(1, position);
            update.setString(2, file.toString());
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO patsnap_ledger_checkpoint (ledger_file, position) VALUES (?, ?)")) {
            insert.setString(1, file.toString());
            insert.setLong(2, position);
            insert.executeUpdate();
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
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            long from = 0;
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT position FROM patsnap_ledger_checkpoint WHERE ledger_file = ?")) {
                select.setString(1, file.toString());
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        from = rs.getLong(1);
                    }
                }
            }
            long size = Files.size(file);
            if (from >= size) {
                c.rollback();
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
            int recorded = 0;
            if (lastNewline >= 0) {
                String text = new String(tail, 0, lastNewline + 1, StandardCharsets.UTF_8);
                try (PreparedStatement unfinished = c.prepareStatement(
                        "SELECT 1 FROM patsnap_source WHERE source_key = ? AND completed = FALSE");
                        PreparedStatement insert = c.prepareStatement(
                                "INSERT INTO patsnap_settled (source_key, endpoint, query_key, status) VALUES (?, ?, ?, ?)")) {
                    List<LedgerEntry> candidates = new ArrayList<>();
                    for (String line : text.split("\n")) {
                        LedgerEntry entry = unfinishedEntry(unfinished, line);
                        if (entry != null) {
                            candidates.add(entry);
                        }
                    }
                    for (LedgerEntry entry : unsettled(c, candidates)) {
                        insert.setString(1, entry.sourceKey());
                        insert.setString(2, entry.endpoint());
                        insert.setString(3, StateStore.queryKey(entry.query()));
                        insert.setString(4, entry.recordedStatus());
                        insert.executeUpdate();
                        recorded++;
                    }
                }
            }
            if (complete < size) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(complete);
                }
                LOG.warn("Ledger {}: cut a half-written last line of {} bytes (its ID will be asked again)", file,
                        size - complete);
            }
            checkpoint(c, file, complete);
            if (recorded > 0) {
                // never handed to the outputs: the outbox hands them on once the routes run
                handOn.recordRecovered(c, file, from, complete);
            }
            c.commit();
            if (recorded > 0) {
                LOG.info("Ledger {}: recorded {} lines written just before the last stop", file, recorded);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recover the ledger " + file + ": " + e.getMessage(), e);
        }
    }

    /** The line's entry when it belongs to a source still in progress; null otherwise. */
    private LedgerEntry unfinishedEntry(PreparedStatement unfinished, String line) throws SQLException, IOException {
        if (line.isBlank()) {
            return null;
        }
        JsonNode node = json.readTree(line);
        String sourceKey = node.path("source_id").asText(null);
        if (sourceKey == null) {
            return null;
        }
        unfinished.setString(1, sourceKey);
        try (ResultSet rs = unfinished.executeQuery()) {
            return rs.next() ? json.treeToValue(node, LedgerEntry.class) : null;
        }
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
