package dev.patsnapcamel.ops;

import java.time.Duration;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

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
 * </ul>
 */
public final class PatsnapMetrics {

    private final MeterRegistry registry;

    public PatsnapMetrics(MeterRegistry registry) {
        this.registry = registry;
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
            Counter.builder("patsnap.rate.limited")
                    .description("PatSnap answers 67200002 (too fast)")
                    .register(registry)
                    .increment();
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
