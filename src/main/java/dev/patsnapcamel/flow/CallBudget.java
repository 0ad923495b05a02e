package dev.patsnapcamel.flow;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.patsnapcamel.api.DailyBudget;
import dev.patsnapcamel.api.PatsnapCallException;
import dev.patsnapcamel.api.Treatment;
import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.WorkItem;
import dev.patsnapcamel.ops.Alerts;
import dev.patsnapcamel.ops.PatsnapMetrics;
import dev.patsnapcamel.state.BilledResults;

/**
 * The bill of every call, and the daily budget ({@code patsnap.budget.daily-results}) kept by it. Route
 * {@code call-attempt} asks {@link #reserve} before a call leaves (the call's worst case, its number of IDs,
 * is reserved; a batch that does not fit is shortened to what fits by {@code batch-budget-fit}, and one for
 * which nothing is left waits, as for the daily limit) and {@link #settle} when its answer came: the
 * results PatSnap billed (the patents of its {@code data[]}) are counted per day and endpoint, per input, in
 * the metrics and against the budget. A call that ends without an answer gives its reservation back (the
 * next attempt, or the end of the exchange). Alerts: {@code budget-80} once a day at 80 % of the budget,
 * {@code budget-reached} once a day when work has to wait for it.
 */
public final class CallBudget {

    private static final Logger LOG = LoggerFactory.getLogger(CallBudget.class);

    /** The worst case an attempt holds; shared by the copies of an exchange (a bisected batch's halves). */
    static final class Hold {
        private final AtomicInteger held;

        Hold(int held) {
            this.held = new AtomicInteger(held);
        }

        /** What is still held, now no longer (0 when it was settled or released already). */
        int take() {
            return held.getAndSet(0);
        }
    }

    private final DailyBudget budget;
    private final BilledResults store;
    private final Alerts alerts;
    private final PatsnapMetrics metrics;
    private final Clock clock;
    private String alertedNear;
    private String alertedReached;

    public CallBudget(DailyBudget budget, BilledResults store, Alerts alerts, PatsnapMetrics metrics, Clock clock) {
        this.budget = budget;
        this.store = store;
        this.alerts = alerts;
        this.metrics = metrics;
        this.clock = clock;
        metrics.budget(() -> budget.used(clock.instant()), budget::budget);
    }

    /**
     * Reserves the worst case of the attempt's call before it leaves. Throws
     * {@link PatsnapCallException.Suspending} ({@code BUDGET}) when nothing is left today, and
     * {@link PatsnapCallException.OverBudget} when only part of the batch fits (property
     * {@link Headers#OVER_BUDGET}: how many IDs fit).
     */
    public void reserve(Exchange exchange) {
        releaseHeld(exchange); // a repeated attempt (or a bisected half) gives the last one's worst case back
        if (!budget.limited()) {
            return;
        }
        List<WorkItem> batch = batch(exchange);
        Instant now = clock.instant();
        int granted = budget.reserve(batch.size(), now);
        if (granted == batch.size()) {
            Hold hold = new Hold(granted);
            exchange.setProperty(Headers.BUDGET_HOLD, hold);
            exchange.getExchangeExtension().addOnCompletion(new org.apache.camel.support.SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    budget.release(hold.take(), clock.instant());
                }
            });
            return;
        }
        budget.release(granted, now); // batch-budget-fit asks again for the part that fits
        reached(now, batch.size(), granted);
        if (granted == 0) {
            throw new PatsnapCallException.Suspending(
                    "BUDGET",
                    "the daily budget of " + budget.budget() + " billed results is used up for "
                            + budget.day(now) + "; calls wait until " + budget.nextReset(now)
                            + " or a higher patsnap.budget.daily-results",
                    Treatment.PAUSE_DAILY);
        }
        exchange.setProperty(Headers.OVER_BUDGET, granted);
        throw new PatsnapCallException.OverBudget(
                granted, granted + " of the batch's " + batch.size() + " IDs fit in what is left of the daily budget");
    }

    /** The answer came: its billed results are counted, and the reservation becomes what was billed. */
    public void settle(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, Long> billed = exchange.getProperty(Headers.BILLED, Map.class);
        exchange.removeProperty(Headers.BILLED);
        long total = billed == null
                ? 0
                : billed.values().stream().mapToLong(Long::longValue).sum();
        Hold hold = exchange.getProperty(Headers.BUDGET_HOLD, Hold.class);
        exchange.removeProperty(Headers.BUDGET_HOLD);
        Instant now = clock.instant();
        budget.settle(hold == null ? 0 : hold.take(), total, now);
        String endpoint = exchange.getProperty(Headers.ENDPOINT, String.class);
        store.addDay(budget.day(now), endpoint, total);
        if (billed != null) {
            billed.forEach((source, n) -> store.addSource(source, endpoint, n));
        }
        metrics.billed(endpoint, total);
        near(now);
    }

    /** {@code batch-budget-fit}: the batch becomes the part of it that fits in the budget left. */
    public void fit(Exchange exchange) {
        Integer fits = exchange.getProperty(Headers.OVER_BUDGET, Integer.class);
        exchange.removeProperty(Headers.OVER_BUDGET);
        List<WorkItem> batch = batch(exchange);
        exchange.setProperty(Headers.BATCH, List.copyOf(batch.subList(0, Math.min(batch.size(), fits))));
        LOG.info(
                "Daily budget: calling {} of a batch of {} IDs for {}; the other {} wait",
                fits,
                batch.size(),
                exchange.getProperty(Headers.ENDPOINT, String.class),
                batch.size() - fits);
    }

    /**
     * {@code batch-budget-fit}, after the part that fits: the rest of the batch waits, so the batch stays in
     * its repository (the IDs settled meanwhile are dropped when it is offered again).
     */
    public void rest(Exchange exchange) {
        Instant now = clock.instant();
        throw new PatsnapCallException.Suspending(
                "BUDGET",
                "the rest of the batch waits for the daily budget (" + budget.budget() + " billed results, "
                        + budget.used(now) + " used on " + budget.day(now) + ")",
                Treatment.PAUSE_DAILY);
    }

    private void releaseHeld(Exchange exchange) {
        Hold previous = exchange.getProperty(Headers.BUDGET_HOLD, Hold.class);
        if (previous != null) {
            budget.release(previous.take(), clock.instant());
            exchange.removeProperty(Headers.BUDGET_HOLD);
        }
    }

    private synchronized void near(Instant now) {
        if (!budget.limited()) {
            return;
        }
        long used = budget.used(now);
        String day = budget.day(now);
        if (used * 5 >= budget.budget() * 4 && !day.equals(alertedNear)) {
            alertedNear = day;
            alerts.raise(
                    "budget-80",
                    "warning",
                    "PatSnap billed " + used + " results on " + day + ", " + percent(used)
                            + " % of the daily budget of " + budget.budget() + " (patsnap.budget.daily-results)",
                    details(day, used));
        }
    }

    private synchronized void reached(Instant now, int asked, int granted) {
        String day = budget.day(now);
        if (day.equals(alertedReached)) {
            return;
        }
        alertedReached = day;
        long used = budget.used(now);
        Map<String, Object> details = new java.util.LinkedHashMap<>(details(day, used));
        details.put("reserved", budget.reserved());
        details.put("resumes_at", budget.nextReset(now).toString());
        alerts.raise(
                "budget-reached",
                "error",
                "The daily budget of " + budget.budget()
                        + " billed results (patsnap.budget.daily-results) is reached for "
                        + day + ": " + used + " billed, a batch of " + asked + " IDs could carry only " + granted
                        + "; pending work waits until " + budget.nextReset(now) + " or a higher budget",
                details);
    }

    private Map<String, Object> details(String day, long used) {
        return Map.of("budget", budget.budget(), "used", used, "day", day, "key", "patsnap.budget.daily-results");
    }

    private long percent(long used) {
        return used * 100 / budget.budget();
    }

    @SuppressWarnings("unchecked")
    private static List<WorkItem> batch(Exchange exchange) {
        return exchange.getProperty(Headers.BATCH, List.class);
    }
}
