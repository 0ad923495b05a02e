package dev.patsnapcamel.flow;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.state.OutboxEntries;
import dev.patsnapcamel.state.StateStore;

/**
 * The durable outbox between the ledger and the other outputs ({@code results-to-*}), in
 * {@code patsnap_outbox}: every run of ledger lines written (a byte range of one ledger file) is recorded
 * in the same transaction that records the lines as settled, and is deleted once {@code results-publish}
 * has handed them to every output. What a crash leaves there (lines written but not handed on, and lines
 * {@link LedgerWriter#recover()} finds past a file's checkpoint) is handed on again at the next start
 * ({@link #pending()}, route {@code state-recovery}), read back from the ledger file: at least once for
 * the outputs, while the ledger itself stays exactly once.
 */
public final class LedgerOutbox implements AggregationStrategy {

    /** Lines written but not yet handed to the outputs: the outbox entries, and the lines they stand for. */
    public record Delivery(List<String> ids, List<LedgerEntry> lines) {}

    private static final Logger LOG = LoggerFactory.getLogger(LedgerOutbox.class);
    private final OutboxEntries entries;
    private final ObjectMapper json;
    /** Entries of this run are delivered by the live path, never replayed by {@link #pending()} of the same run. */
    private final String run = UUID.randomUUID().toString();
    /** The ledger files whose entries {@link #pending()} hands on: all, or in cluster mode this node's own. */
    private final Predicate<Path> ownFiles;

    public LedgerOutbox(StateStore store, ObjectMapper json) {
        this(store, json, file -> true);
    }

    /** @param ownFiles the ledger files whose lines this node hands on (cluster mode: its own) */
    public LedgerOutbox(StateStore store, ObjectMapper json, Predicate<Path> ownFiles) {
        this.entries = new OutboxEntries(store);
        this.json = json;
        this.ownFiles = ownFiles;
    }

    /** Records, in the caller's transaction, that the bytes {@code [from, to)} of the file are lines to hand on. */
    String record(Path file, long from, long to) {
        return entries.record(file, from, to, run);
    }

    /**
     * Records lines found at start-up past a ledger file's checkpoint: no live path hands them on, so they
     * are left to {@link #pending()} of this very run.
     */
    String recordRecovered(Path file, long from, long to) {
        return entries.record(file, from, to, "recovered");
    }

    /** Prepares an exchange for handing its lines to the outputs ({@code results-publish}). */
    public void handingOn(Exchange exchange) {
        OutputOutcome.mark(exchange);
        exchange.setProperty(Headers.OUTBOX_KEEP, new AtomicBoolean());
    }

    /**
     * The aggregation strategy of {@code results-publish}'s multicast to the outputs: notes an output that failed
     * (after its own retries), so that the lines stay in the outbox and are handed on again at the next
     * start; the failure itself goes no further (the output has alerted it).
     */
    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        if (OutputOutcome.failed(newExchange)) {
            AtomicBoolean keep = newExchange.getProperty(Headers.OUTBOX_KEEP, AtomicBoolean.class);
            if (keep != null) {
                keep.set(true);
            }
        }
        Exchange result = oldExchange == null ? newExchange : oldExchange;
        result.setException(null);
        result.removeProperty(Headers.OUTPUT);
        return result;
    }

    /**
     * The lines of the exchange have been handed to the outputs: forgets their outbox entries, unless an
     * output failed to take them (then they are handed on again at the next start).
     */
    public void delivered(
            @ExchangeProperty(Headers.OUTBOX) List<String> ids,
            @ExchangeProperty(Headers.OUTBOX_KEEP) AtomicBoolean keep) {
        if (keep != null && keep.get()) {
            LOG.warn(
                    "An output did not take {} runs of ledger lines: they are handed to the outputs again at the next"
                            + " start",
                    ids == null ? 0 : ids.size());
            return;
        }
        delivered(ids);
    }

    private void delivered(List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            return;
        }
        try {
            entries.delete(ids);
        } catch (DataAccessException e) {
            // the lines are handed on again at the next start: at least once
            LOG.warn(
                    "Could not clear {} outbox entries ({}); their lines go to the outputs again after a restart",
                    ids.size(),
                    e.getMessage());
        }
    }

    /**
     * Everything an earlier run wrote to the ledger but did not hand to the outputs, oldest first, one
     * delivery per outbox entry. An entry whose ledger file is gone (removed by hand) is dropped with a
     * warning.
     */
    public List<Delivery> pending() {
        return pendingOf(ownFiles);
    }

    /**
     * As {@link #pending()}, for the entries of the given ledger files only (cluster mode: those of a node that
     * is gone, whose lines this node hands on for it).
     */
    List<Delivery> pendingOf(Predicate<Path> files) {
        List<Delivery> deliveries = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        for (OutboxEntries.Entry entry : entries.ofOtherRuns(run)) {
            if (!files.test(entry.file())) {
                continue;
            }
            List<LedgerEntry> lines = read(entry.file(), entry.from(), entry.to());
            if (lines == null) {
                gone.add(entry.id());
            } else {
                deliveries.add(new Delivery(List.of(entry.id()), lines));
            }
        }
        delivered(gone);
        if (!deliveries.isEmpty()) {
            LOG.info(
                    "Handing {} ledger lines written before the last stop to the outputs",
                    deliveries.stream().mapToInt(d -> d.lines().size()).sum());
        }
        return deliveries;
    }

    private List<LedgerEntry> read(Path file, long from, long to) {
        try {
            if (!Files.exists(file) || Files.size(file) < to) {
                LOG.warn(
                        "Ledger {} no longer holds the lines at {}..{}: they cannot be handed to the outputs",
                        file,
                        from,
                        to);
                return null;
            }
            byte[] bytes = new byte[(int) (to - from)];
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                raf.seek(from);
                raf.readFully(bytes);
            }
            List<LedgerEntry> lines = new ArrayList<>();
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(json.readValue(line, LedgerEntry.class));
                }
            }
            return lines;
        } catch (IOException e) {
            LOG.warn("Ledger {}: cannot read the lines at {}..{} back ({})", file, from, to, e.getMessage());
            return null;
        }
    }
}
