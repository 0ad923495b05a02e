package dev.patsnapcamel.flow;

import java.io.IOException;
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

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.springframework.dao.DataAccessException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.ops.PatsnapMetrics;
import dev.patsnapcamel.state.SettledLines;
import dev.patsnapcamel.state.SharedCompletion;
import dev.patsnapcamel.state.StateStore;

/**
 * Appends ledger lines to {@code <outbox>/<endpoint>/ledger-<yyyy-MM-dd>.jsonl} (UTC date, one file a
 * day per endpoint), exactly once per (source, endpoint, ID):
 * <ol>
 * <li>under the endpoint's lock, entries already recorded in {@code patsnap_settled} are skipped (a
 * batch repeated after a crash writes nothing twice);</li>
 * <li>the new lines are appended and flushed;</li>
 * <li>one transaction records them in {@code patsnap_settled} and moves the file's checkpoint to its new end.</li>
 * </ol>
 * A crash between 2 and 3 leaves lines past the checkpoint; {@link #recover()} ({@link LedgerRecovery}) records them at start-up
 * (and cuts a half-written last line), so the ledger file is always the truth.
 * <p>
 * Step 3 also records the lines in the {@link LedgerOutbox}, and so does {@link #recover()}: lines the
 * other outputs have not been given are handed to them after a crash, too.
 * <p>
 * <b>Cluster mode</b> ({@link #LedgerWriter(Path, StateStore, PatsnapMetrics, Clock, boolean, ObjectMapper, String)}
 * with a node id): several nodes share the state database and perhaps the outbox folder. Each node writes its
 * own files, {@code ledger-<yyyy-MM-dd>-<node>.jsonl}, and the database is the truth: step 1 becomes
 * {@link SettledLines#claim} (an insert that skips rows already there, in the transaction of steps 2 and 3),
 * and only the rows this node inserted get a line. A crash between 2 and 3 leaves lines past the checkpoint
 * whose rows were never committed: they are cut back ({@link #recover()} at the node's own start,
 * {@link #takeOver} for a node that is gone), and their IDs are settled again by whichever node gets them.
 * The per-endpoint lock only guards this node's own file.
 * <p>
 * While the bundle calls its built-in sandbox, every line it writes (and hands on to the other outputs) is
 * marked {@code "sandbox": true}; lines from the real API carry no such field.
 */
public final class LedgerWriter {

    private static final Pattern SAFE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final Path outbox;
    private final SettledLines settled;
    private final Clock clock;
    private final PatsnapMetrics metrics;
    private final boolean sandbox;
    private final ObjectMapper json;
    private final ObjectWriter writer;
    private final Map<String, Object> locks = new HashMap<>();
    private final LedgerOutbox handOn;
    /** This node's id in cluster mode; null when working alone. */
    private final String node;
    /** Cluster mode: the sources' hand-ons, counted with the lines; null when working alone. */
    private final SharedCompletion shared;

    /** What {@link #takeOver} leaves to hand on: the gone node, and its lines the outputs may not have. */
    public record Takeover(String node, List<LedgerOutbox.Delivery> deliveries) {}

    public LedgerWriter(Path outbox, StateStore store, PatsnapMetrics metrics, Clock clock, ObjectMapper json) {
        this(outbox, store, metrics, clock, false, json);
    }

    /** @param sandbox the bundle calls its built-in sandbox: every line is marked {@code "sandbox": true} */
    public LedgerWriter(
            Path outbox, StateStore store, PatsnapMetrics metrics, Clock clock, boolean sandbox, ObjectMapper json) {
        this(outbox, store, metrics, clock, sandbox, json, null);
    }

    /**
     * @param node this node's id in cluster mode ({@code UserAgent.nodeId(cluster.node-id)}), or null when
     *             working alone
     */
    public LedgerWriter(
            Path outbox,
            StateStore store,
            PatsnapMetrics metrics,
            Clock clock,
            boolean sandbox,
            ObjectMapper json,
            String node) {
        this.node = node;
        this.shared = node == null ? null : new SharedCompletion(store, node);
        this.outbox = outbox;
        this.settled = new SettledLines(store);
        this.metrics = metrics;
        this.clock = clock;
        this.sandbox = sandbox;
        this.json = json;
        this.writer = json.writerFor(LedgerEntry.class);
        this.handOn = new LedgerOutbox(store, json, node == null ? file -> true : LedgerRecovery.filesOf(node));
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
        String day = LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString();
        Path file = folder(endpoint).resolve("ledger-" + day + (node == null ? "" : "-" + node) + ".jsonl");
        // where this call's lines start while they are in the file but not committed (-1: none)
        long[] uncommitted = {-1};
        try {
            List<LedgerEntry> result = settled.database().inTransaction(() -> {
                List<LedgerEntry> fresh = node == null ? settled.unsettled(group) : settled.claim(group);
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
                    uncommitted[0] = before;
                    end = appendToFile(file, lines.toString());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the ledger " + file, e);
                }
                try {
                    if (node == null) {
                        settled.settle(fresh);
                    } else {
                        shared.handingOn(fresh.stream()
                                .map(LedgerEntry::sourceKey)
                                .distinct()
                                .toList());
                    }
                    settled.moveCheckpoint(file, end);
                    outboxIds.add(handOn.record(file, before, end));
                } catch (DataAccessException e) {
                    // not recorded: take the lines back, so that the next attempt does not write them twice
                    uncommitted[0] = -1;
                    truncate(file, before, e);
                    throw e;
                }
                return fresh;
            });
            uncommitted[0] = -1;
            return result;
        } catch (RuntimeException e) {
            if (node != null && uncommitted[0] >= 0) {
                // cluster mode: the commit itself failed; the database is the truth, so the lines go too
                truncate(file, uncommitted[0], e);
            }
            if (e instanceof DataAccessException) {
                throw new IllegalStateException("cannot record ledger lines: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private static void truncate(Path file, long size, RuntimeException cause) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        } catch (IOException truncate) {
            cause.addSuppressed(truncate);
        }
    }

    private static long appendToFile(Path file, String lines) throws IOException {
        Files.createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(lines.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            return channel.size();
        }
    }

    /**
     * Brings {@code patsnap_settled} up to date with the ledger files after an unclean stop (see
     * {@link LedgerRecovery}); in cluster mode, cuts this node's files back to their checkpoints instead.
     */
    public void recover() {
        LedgerRecovery recovery = new LedgerRecovery(outbox, settled, handOn, json);
        if (node == null) {
            recovery.recover();
        } else {
            recovery.cutBack(node);
        }
    }

    /**
     * Cluster mode, route {@code ledger-takeover}: the node {@code gone} is gone; cuts its ledger files back to
     * their checkpoints (what it wrote past them was never committed) and returns the lines it settled but
     * may not have handed to the other outputs (its outbox entries), for {@code results-publish}.
     */
    public Takeover takeOver(@Body String gone) {
        if (node == null) {
            throw new IllegalStateException("ledger take-over is for cluster mode (cluster.enabled)");
        }
        String goneNode = gone.trim();
        if (goneNode.isEmpty() || goneNode.equals(node)) {
            throw new IllegalArgumentException("cannot take over the ledger of node '" + goneNode + "'");
        }
        new LedgerRecovery(outbox, settled, handOn, json).cutBack(goneNode);
        return new Takeover(goneNode, handOn.pendingOf(LedgerRecovery.filesOf(goneNode)));
    }

    private synchronized Object lockFor(String endpoint) {
        return locks.computeIfAbsent(endpoint, e -> new Object());
    }
}
