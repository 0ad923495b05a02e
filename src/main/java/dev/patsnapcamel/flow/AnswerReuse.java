package dev.patsnapcamel.flow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.model.PatentQuery;
import dev.patsnapcamel.model.WorkItem;
import dev.patsnapcamel.state.StoredAnswers;

/**
 * Never pay twice: a batch about to be called is first settled, as far as it can be, from the answers
 * PatSnap gave within {@code patsnap.reuse.window} ({@link StoredAnswers}), and only the rest is called
 * (route {@code batch-reuse}, one indexed look-up per batch). An ID that another batch is calling right now
 * waits for that call (at most {@code patsnap.http.response-timeout}) and takes its answer; if that call
 * ends without one, this batch calls for it itself. A watch-list run's IDs are always asked afresh unless
 * {@code watchlist.reuse} is true. Every answer a call gives is stored ({@link #store}, route
 * {@code batch-call}) before its batch settles, and answers older than the window are pruned
 * ({@link #prune}, route {@code stored-answers-prune}).
 */
public final class AnswerReuse {

    private static final Logger LOG = LoggerFactory.getLogger(AnswerReuse.class);
    private static final String WATCHLIST = "watchlist";

    private final StoredAnswers answers;
    private final Function<String, String> intakeOf;
    private final Duration window;
    private final boolean watchlistReuse;
    private final long waitMillis;
    private final int pruneChunk;
    private final Clock clock;
    private final InFlightAsks asks = new InFlightAsks();

    /**
     * @param intakeOf       the intake of a source, by its key ({@code file}, {@code watchlist}, ...)
     * @param window         how old a stored answer may be to be reused; zero: never
     * @param watchlistReuse whether a watch-list run's IDs may be settled from stored answers
     * @param waitMillis     how long a batch waits, at most, for the call of another batch asking the same
     * @param pruneChunk     rows deleted per statement when pruning
     */
    public AnswerReuse(
            StoredAnswers answers,
            Function<String, String> intakeOf,
            Duration window,
            boolean watchlistReuse,
            long waitMillis,
            int pruneChunk,
            Clock clock) {
        this.answers = answers;
        this.intakeOf = intakeOf;
        this.window = window;
        this.watchlistReuse = watchlistReuse;
        this.waitMillis = waitMillis;
        this.pruneChunk = pruneChunk;
        this.clock = clock;
    }

    /** Whether answers are reused at all ({@code patsnap.reuse.window} is not 0). */
    public boolean enabled() {
        return !window.isZero();
    }

    /**
     * The ledger lines of the batch's items that stored answers settle (each the original line for this
     * item, {@code "reused": true}); the items still to be called become the batch
     * ({@value Headers#BATCH}). Items that another batch is calling are waited for first. The keys this
     * batch will call for are claimed until the exchange is done, so that others wait for them in turn.
     */
    public List<LedgerEntry> settleFrom(@Body List<WorkItem> batch, Exchange exchange) {
        String endpoint = exchange.getProperty(Headers.ENDPOINT, String.class);
        Map<String, Boolean> reusable = new HashMap<>();
        List<WorkItem> fresh = new ArrayList<>();
        List<WorkItem> open = new ArrayList<>();
        for (WorkItem item : batch) {
            boolean may = reusable.computeIfAbsent(
                    item.sourceKey(), key -> watchlistReuse || !WATCHLIST.equals(intakeOf.apply(key)));
            (may ? open : fresh).add(item);
        }
        List<LedgerEntry> reused = new ArrayList<>();
        long deadline = clock.millis() + waitMillis;
        boolean anyway = false;
        InFlightAsks.Claim claim;
        while (true) {
            open = takeStored(endpoint, open, reused);
            List<CompletableFuture<Void>> busy = new ArrayList<>();
            claim = asks.claim(keys(endpoint, open), keys(endpoint, fresh), anyway, busy);
            if (claim != null) {
                break;
            }
            long left = deadline - clock.millis();
            if (left <= 0) {
                anyway = true;
                continue;
            }
            try {
                CompletableFuture.allOf(busy.toArray(CompletableFuture[]::new)).get(left, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                anyway = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                anyway = true;
            }
        }
        InFlightAsks.Claim mine = claim;
        if (!mine.keys().isEmpty()) {
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    asks.release(mine);
                }
            });
        }
        Set<WorkItem> left = new HashSet<>(open);
        left.addAll(fresh);
        List<WorkItem> rest = batch.stream().filter(left::contains).toList();
        exchange.setProperty(Headers.BATCH, rest);
        if (!reused.isEmpty()) {
            LOG.debug(
                    "Batch for {}: {} of {} IDs settled from stored answers; asking for the other {}",
                    endpoint,
                    reused.size(),
                    batch.size(),
                    rest.size());
        }
        return reused;
    }

    /** Keeps the answers of a call (route {@code batch-call}); a failure to keep them never fails the call. */
    public void store(@Body List<LedgerEntry> lines, @ExchangeProperty(Headers.BATCH) List<WorkItem> batch) {
        Map<String, PatentQuery.Kind> kinds = new HashMap<>();
        batch.forEach(item -> kinds.put(item.query().query(), item.query().kind()));
        try {
            answers.store(lines, kinds);
        } catch (RuntimeException e) {
            LOG.warn("Cannot keep the answers of a call for reuse (they are asked again next time): {}", e.toString());
        }
    }

    /**
     * Of the valid queries, those a later ask for the endpoint would settle from stored answers now (for an
     * input that may reuse them: not a watch-list run unless {@code watchlist.reuse}), for estimates.
     */
    public Set<String> stored(String endpoint, Collection<PatentQuery> queries) {
        if (!enabled() || queries.isEmpty()) {
            return Set.of();
        }
        List<StoredAnswers.Key> keys = queries.stream()
                .map(q -> new StoredAnswers.Key(endpoint, q.kind(), q.query()))
                .toList();
        Set<String> found = new HashSet<>();
        answers.find(endpoint, keys, since()).keySet().forEach(k -> found.add(k.query()));
        return found;
    }

    /** Deletes the stored answers older than the window; returns how many went. */
    public long prune() {
        long removed = answers.prune(since(), pruneChunk);
        if (removed > 0) {
            LOG.info("Pruned {} stored answers older than {}", removed, window);
        }
        return removed;
    }

    /** How many keys are being called right now (for tests). */
    int inFlight() {
        return asks.size();
    }

    private List<WorkItem> takeStored(String endpoint, List<WorkItem> items, List<LedgerEntry> reused) {
        if (items.isEmpty()) {
            return items;
        }
        Map<WorkItem, StoredAnswers.Key> keys = new LinkedHashMap<>();
        items.forEach(item -> keys.put(item, key(endpoint, item)));
        Map<StoredAnswers.Key, LedgerEntry> found = answers.find(endpoint, keys.values(), since());
        if (found.isEmpty()) {
            return items;
        }
        List<WorkItem> rest = new ArrayList<>(items.size());
        keys.forEach((item, key) -> {
            LedgerEntry stored = found.get(key);
            if (stored == null) {
                rest.add(item);
            } else {
                reused.add(stored.reusedFor(item));
            }
        });
        return rest;
    }

    private Instant since() {
        return clock.instant().minus(window);
    }

    private static StoredAnswers.Key key(String endpoint, WorkItem item) {
        return new StoredAnswers.Key(endpoint, item.query().kind(), item.query().query());
    }

    private static List<String> keys(String endpoint, List<WorkItem> items) {
        return items.stream()
                .map(item -> endpoint
                        + '|'
                        + item.query().kind()
                        + '|'
                        + item.query().query())
                .distinct()
                .toList();
    }
}
