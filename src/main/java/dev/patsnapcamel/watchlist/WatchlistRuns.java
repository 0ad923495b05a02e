package dev.patsnapcamel.watchlist;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.ops.Alerts;
import dev.patsnapcamel.state.SourceRecords;

/**
 * Starts the runs of the watch list (routes {@code watchlist-sync} and {@code watchlist-resume}), one at a
 * time. A run is asynchronous: it ends when its report is written, long after its IDs were handed on. So
 * a trigger that comes while the last run is unfinished (its source not completed in the state database,
 * or its file still being handed on) is skipped, and says so in the log.
 * <p>
 * A run that a crash interrupted while its file was being read is resumed (at start-up, or by the next
 * trigger): the file is read again under the same source name and fingerprint, and only the IDs not handed
 * on before go on. A run that had been read completely finishes by itself (its batches are recovered).
 */
public final class WatchlistRuns {

    private static final Logger LOG = LoggerFactory.getLogger(WatchlistRuns.class);

    private final Path file;
    private final SourceRecords sources;
    private final Alerts alerts;
    private final Clock clock;
    private final AtomicBoolean handingOn = new AtomicBoolean();
    private final AtomicLong skipped = new AtomicLong();
    private volatile String missingReported;

    public WatchlistRuns(Path file, SourceRecords sources, Alerts alerts, Clock clock) {
        this.file = file;
        this.sources = sources;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** The watch list's name in source names: its file name. */
    public String listName() {
        return file.getFileName().toString();
    }

    /**
     * For a trigger: prepares the exchange to start a new run (or resume an interrupted one) and sets the
     * property {@value Headers#WATCHLIST_RUN} to true, or to false when a run is still going or the file is missing.
     */
    public void start(Exchange exchange) {
        exchange.setProperty(Headers.WATCHLIST_RUN, begin(exchange, true));
    }

    /** At start-up: prepares the exchange to resume a run that a crash interrupted while reading, if any ({@value Headers#WATCHLIST_RUN}). */
    public void resume(Exchange exchange) {
        exchange.setProperty(Headers.WATCHLIST_RUN, begin(exchange, false));
    }

    /** The run's IDs are handed on (or handing them on failed): a trigger may look at the state database again. */
    public void handedOn() {
        handingOn.set(false);
    }

    /** Triggers skipped because a run was still going. */
    public long skipped() {
        return skipped.get();
    }

    private boolean begin(Exchange exchange, boolean orNew) {
        if (!handingOn.compareAndSet(false, true)) {
            if (orNew) {
                skip("its IDs are still being handed on");
            }
            return false;
        }
        try {
            Optional<SourceRecords.Source> unfinished = unfinished();
            if (unfinished.isPresent() && unfinished.get().readComplete()) {
                SourceRecords.Source running = unfinished.get();
                if (orNew) {
                    skip(String.format(
                            "%s: %d of %d ledger lines written",
                            running.name(),
                            sources.settledCount(running.key()),
                            sources.uniqueCount(running.key())
                                    * running.endpoints().size()));
                }
                handingOn.set(false);
                return false;
            }
            if ((unfinished.isEmpty() && !orNew) || !readable()) {
                handingOn.set(false);
                return false;
            }
            String source;
            String fingerprint;
            if (unfinished.isPresent()) {
                source = unfinished.get().name();
                fingerprint = unfinished.get().fingerprint();
                exchange.getMessage().setHeader(Headers.WATCHLIST_RESUMED, true);
                LOG.info("Watch list: resuming run {}, which stopped while its IDs were being handed on", source);
            } else {
                Instant start = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                source = WatchlistSource.name(listName(), start);
                fingerprint = source;
                LOG.info("Watch list: starting run {} with {}", source, file);
            }
            exchange.getMessage().setHeader(Headers.SOURCE, source);
            exchange.getMessage().setHeader(Headers.FINGERPRINT, fingerprint);
            exchange.getMessage().setHeader(Headers.FORMAT, format());
            exchange.getMessage().setBody(file.toFile());
            return true;
        } catch (RuntimeException e) {
            handingOn.set(false);
            throw e;
        }
    }

    /** Whether a run of the watch list is unfinished (its report not written and retired yet). */
    public boolean running() {
        return handingOn.get() || unfinished().isPresent();
    }

    private Optional<SourceRecords.Source> unfinished() {
        return sources.unfinished().stream()
                .filter(s -> s.name().startsWith(WatchlistSource.prefixOf(listName())))
                .max(Comparator.comparing(SourceRecords.Source::startedAt));
    }

    private void skip(String why) {
        skipped.incrementAndGet();
        LOG.info("Watch list: the last run is still going ({}): this trigger is skipped", why);
    }

    private boolean readable() {
        if (Files.isRegularFile(file) && Files.isReadable(file)) {
            missingReported = null;
            return true;
        }
        String message = "Watch list " + file.toAbsolutePath() + " cannot be read (watchlist.file): no run is started";
        if (!message.equals(missingReported)) {
            missingReported = message;
            alerts.raise("watchlist-missing", "error", message, Map.of("file", file.toString()));
        } else {
            LOG.warn(message);
        }
        return false;
    }

    /** txt, csv or json, as the file's extension says; a name without one is text. */
    private String format() {
        String name = listName().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "txt" : name.substring(dot + 1);
    }
}
