package dev.patsnapcamel.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import dev.patsnapcamel.model.InputProgress;

/**
 * The bundle's own metrics, served with Camel's at {@code /observe/metrics} (Prometheus names in brackets):
 * <ul>
 * <li>{@code patsnap.calls} [{@code patsnap_calls_total}]: PatSnap calls by {@code endpoint} and {@code outcome}
 * ({@code 0} for success, else the error code, {@code HTTP <status>} or {@code IO});</li>
 * <li>{@code patsnap.call.duration} [{@code patsnap_call_duration_seconds}]: a histogram of call latency by endpoint;</li>
 * <li>{@code patsnap.batch.ids} [{@code patsnap_batch_ids}]: IDs per call, by endpoint;</li>
 * <li>{@code patsnap.ids.settled} [{@code patsnap_ids_settled_total}]: ledger lines by endpoint and status;</li>
 * <li>{@code patsnap.rate.limited} [{@code patsnap_rate_limited_total}]: 67200002 answers;</li>
 * <li>{@code patsnap.calls.in.flight} [{@code patsnap_calls_in_flight}]: calls under way (waiting for their turn or answering);</li>
 * <li>{@code patsnap.calls.in.flight.limit} [{@code patsnap_calls_in_flight_limit}]: batches that may be in flight now
 * (follows the latency, at most {@code patsnap.max-in-flight});</li>
 * <li>{@code patsnap.calls.in.flight.latency} [{@code patsnap_calls_in_flight_latency_seconds}]: the call latency that
 * limit is based on (recent 95th percentile, or the oldest call under way when longer);</li>
 * <li>{@code patsnap.rate.allowed} [{@code patsnap_rate_allowed}]: calls per second allowed now (lower after 67200002);</li>
 * <li>{@code patsnap.billed.results} [{@code patsnap_billed_results_total}]: results PatSnap returned and bills
 * (the patents of its answers' {@code data[]}), by endpoint;</li>
 * <li>{@code patsnap.budget.used} [{@code patsnap_budget_used_results}]: results billed today (in
 * {@code patsnap.daily-limit.zone}), all endpoints together;</li>
 * <li>{@code patsnap.budget.daily} [{@code patsnap_budget_daily_results}]: the daily budget
 * ({@code patsnap.budget.daily-results}; 0: none).</li>
 * <li>in cluster mode, the account's shared bucket: {@code patsnap.rate.shared.tokens}
 * [{@code patsnap_rate_shared_tokens_total}] tokens this node took, {@code patsnap.rate.shared.failures}
 * [{@code patsnap_rate_shared_failures_total}] requests to it or to the shared rate that failed,
 * {@code patsnap.rate.shared.pushed} [{@code patsnap_rate_shared_pushed_total}] late calls that pushed the
 * next tokens, {@code patsnap.rate.shared.down} [{@code patsnap_rate_shared_down}] 1 while the state
 * database cannot be reached (no call leaves).</li>
 * <li>{@code patsnap.account.stopped} [{@code patsnap_account_stopped}]: 1 while calls to the account are stopped
 * (a stop or the daily limit), else 0; {@code patsnap.gate.stopped} [{@code patsnap_gate_stopped}]: 1 per closed
 * gate, by {@code scope} ({@code account} or the endpoint), {@code treatment} ({@code stop-account},
 * {@code pause-daily}, {@code stop-endpoint}) and {@code code}; no series while every gate is open;</li>
 * <li>{@code patsnap.inputs.in.progress} [{@code patsnap_inputs_in_progress}]: inputs in progress on this node;
 * {@code patsnap.ledger.lines.waiting} [{@code patsnap_ledger_lines_waiting}]: ledger lines those inputs still
 * need (of the inputs read whole); {@code patsnap.input.ledger.lines} and
 * {@code patsnap.input.ledger.lines.expected} [{@code patsnap_input_ledger_lines},
 * {@code patsnap_input_ledger_lines_expected}]: per {@code input}, lines written and lines needed (-1 while it
 * is still read), gone once its report is written;</li>
 * <li>{@code patsnap.alerts} [{@code patsnap_alerts_total}]: alerts raised, by {@code kind} and {@code severity}
 * (counted by {@link Alerts}).</li>
 * </ul>
 * The labelled gauges of the gates and the inputs follow what they show when {@link #refresh} runs (about once
 * a second).
 */
public final class PatsnapMetrics {

    /** A closed gate, as the metrics show it. */
    public record Stop(String scope, String treatment, String code) {

        /** The scope of the account's gate (the others are endpoints). */
        public static final String ACCOUNT = "account";
    }

    private final MeterRegistry registry;
    /** The labelled gauges' updates, run by {@link #refresh}. */
    private final List<Runnable> refreshes = new CopyOnWriteArrayList<>();

    public PatsnapMetrics(MeterRegistry registry) {
        this.registry = registry;
        // there from the start, so that an increase over the first 67200002 answer shows
        rateLimited();
    }

    /**
     * The gates' meters: {@code patsnap.account.stopped} (read when scraped) and {@code patsnap.gate.stopped}
     * (one series per closed gate, updated by {@link #refresh}).
     */
    public void stops(Supplier<Collection<Stop>> stops) {
        Gauge.builder(
                        "patsnap.account.stopped",
                        stops,
                        s -> s.get().stream().anyMatch(stop -> Stop.ACCOUNT.equals(stop.scope())) ? 1 : 0)
                .description("1 while calls to the account are stopped (a stop or the daily limit), else 0")
                .register(registry);
        MultiGauge gates = MultiGauge.builder("patsnap.gate.stopped")
                .description("1 per closed gate, by scope (account or endpoint), treatment and code")
                .register(registry);
        Runnable update = () -> {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (Stop stop : byScope(stops.get()).values()) {
                rows.add(MultiGauge.Row.of(
                        Tags.of(
                                "scope", text(stop.scope()),
                                "treatment", text(stop.treatment()),
                                "code", text(stop.code())),
                        1));
            }
            gates.register(rows, true);
        };
        update.run();
        refreshes.add(update);
    }

    /**
     * The inputs' meters: {@code patsnap.inputs.in.progress} and {@code patsnap.ledger.lines.waiting} (read
     * when scraped), {@code patsnap.input.ledger.lines} and {@code patsnap.input.ledger.lines.expected} (per
     * input in progress, updated by {@link #refresh}; inputs of the same name are added up).
     */
    public void inputs(Supplier<List<InputProgress>> inputs) {
        Gauge.builder("patsnap.inputs.in.progress", inputs, i -> i.get().size())
                .description("Inputs in progress on this node")
                .register(registry);
        Gauge.builder(
                        "patsnap.ledger.lines.waiting",
                        inputs,
                        i -> i.get().stream()
                                .filter(InputProgress::read)
                                .mapToLong(p -> Math.max(0, p.expected() - p.settled()))
                                .sum())
                .description("Ledger lines the inputs in progress still need (of the inputs read whole)")
                .register(registry);
        MultiGauge settled = MultiGauge.builder("patsnap.input.ledger.lines")
                .description("Ledger lines written so far, per input in progress")
                .register(registry);
        MultiGauge expected = MultiGauge.builder("patsnap.input.ledger.lines.expected")
                .description("Ledger lines an input in progress needs (-1 while it is still read)")
                .register(registry);
        Runnable update = () -> {
            Map<String, long[]> byName = new LinkedHashMap<>();
            for (InputProgress input : inputs.get()) {
                long[] sum = byName.computeIfAbsent(text(input.source()), n -> new long[] {0, 0});
                sum[0] += input.settled();
                // one still read makes the sum unknown
                sum[1] = sum[1] < 0 || !input.read() ? -1 : sum[1] + input.expected();
            }
            List<MultiGauge.Row<?>> settledRows = new ArrayList<>();
            List<MultiGauge.Row<?>> expectedRows = new ArrayList<>();
            byName.forEach((name, sum) -> {
                settledRows.add(MultiGauge.Row.of(Tags.of("input", name), sum[0]));
                expectedRows.add(MultiGauge.Row.of(Tags.of("input", name), sum[1]));
            });
            settled.register(settledRows, true);
            expected.register(expectedRows, true);
        };
        update.run();
        refreshes.add(update);
    }

    /** Brings the labelled gauges (gates, inputs) up to date: a series for each one now, none for the others. */
    public void refresh() {
        refreshes.forEach(Runnable::run);
    }

    /** One stop per scope (the first), so that no two series share their labels. */
    private static Map<String, Stop> byScope(Collection<Stop> stops) {
        Map<String, Stop> one = new LinkedHashMap<>();
        stops.forEach(stop -> one.putIfAbsent(text(stop.scope()), stop));
        return one;
    }

    /** A label value: never null. */
    private static String text(String value) {
        return value == null ? "" : value;
    }

    private Counter rateLimited() {
        return Counter.builder("patsnap.rate.limited")
                .description("PatSnap answers 67200002 (too fast)")
                .register(registry);
    }

    /** Registers the gauges, read when scraped. */
    public void gauges(Supplier<Number> callsInFlight, Supplier<Number> allowedRate) {
        Gauge.builder("patsnap.calls.in.flight", callsInFlight)
                .description("PatSnap calls under way")
                .register(registry);
        Gauge.builder("patsnap.rate.allowed", allowedRate)
                .description("PatSnap calls per second allowed now")
                .register(registry);
    }

    /** Registers the meters of the account's shared bucket (cluster mode), read when scraped. */
    public void sharedRate(
            Supplier<Number> tokens, Supplier<Number> failures, Supplier<Number> pushed, Supplier<Number> down) {
        FunctionCounter.builder(
                        "patsnap.rate.shared.tokens", tokens, t -> t.get().doubleValue())
                .description("Tokens this node took from the account's bucket shared by the cluster")
                .register(registry);
        FunctionCounter.builder(
                        "patsnap.rate.shared.failures", failures, f -> f.get().doubleValue())
                .description("Requests to the shared bucket or rate that failed (the state database)")
                .register(registry);
        FunctionCounter.builder(
                        "patsnap.rate.shared.pushed", pushed, p -> p.get().doubleValue())
                .description("Calls that left late and pushed the shared bucket's next tokens")
                .register(registry);
        Gauge.builder("patsnap.rate.shared.down", down)
                .description("1 while the state database cannot be reached: no call leaves")
                .register(registry);
    }

    /** Registers the gauges of the in-flight limit, read when scraped. */
    public void inFlightLimit(Supplier<Number> limit, Supplier<Number> latencySeconds) {
        Gauge.builder("patsnap.calls.in.flight.limit", limit)
                .description("PatSnap calls that may be in flight now (follows the latency)")
                .register(registry);
        Gauge.builder("patsnap.calls.in.flight.latency", latencySeconds)
                .description("The call latency the in-flight limit is based on")
                .baseUnit("seconds")
                .register(registry);
    }

    /** One PatSnap call ended. */
    public void call(String endpoint, String outcome, int ids, Duration took) {
        Counter.builder("patsnap.calls")
                .description("PatSnap calls by outcome")
                .tag("endpoint", endpoint)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
        DistributionSummary.builder("patsnap.batch.ids")
                .description("IDs per PatSnap call")
                .tag("endpoint", endpoint)
                .register(registry)
                .record(ids);
        if (took != null) {
            Timer.builder("patsnap.call.duration")
                    .description("PatSnap call latency")
                    .tag("endpoint", endpoint)
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(took);
        }
        if ("67200002".equals(outcome)) {
            rateLimited().increment();
        }
    }

    /** Ledger lines written. */
    public void settled(String endpoint, String status, int count) {
        Counter.builder("patsnap.ids.settled")
                .description("Ledger lines by status")
                .tag("endpoint", endpoint)
                .tag("status", status)
                .register(registry)
                .increment(count);
    }

    /** The daily budget's gauges: results billed today, and the budget (0: none). */
    public void budget(Supplier<Number> usedToday, Supplier<Number> dailyBudget) {
        Gauge.builder("patsnap.budget.used", usedToday)
                .description("Results PatSnap billed today, all endpoints together")
                .baseUnit("results")
                .register(registry);
        Gauge.builder("patsnap.budget.daily", dailyBudget)
                .description("The daily budget of billed results (0: none)")
                .baseUnit("results")
                .register(registry);
    }

    /** Results PatSnap billed for one answer. */
    public void billed(String endpoint, long results) {
        Counter.builder("patsnap.billed.results")
                .description("Results PatSnap returned and bills")
                .tag("endpoint", endpoint)
                .register(registry)
                .increment(results);
    }
}
