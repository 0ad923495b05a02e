package dev.patsnapcamel.status;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.api.CallGate;
import dev.patsnapcamel.api.DailyBudget;
import dev.patsnapcamel.api.InFlightLimit;
import dev.patsnapcamel.api.RateGovernor;
import dev.patsnapcamel.api.Treatment;
import dev.patsnapcamel.flow.SourceTracker;
import dev.patsnapcamel.model.InputProgress;
import dev.patsnapcamel.model.SourceReport;
import dev.patsnapcamel.state.ClusterNodes;

/**
 * Takes the status page's {@link StatusSnapshot} from the beans that know: the inputs from the source tracker,
 * the account from the call gate and the daily budget, the calls from the rate and the in-flight limit, the
 * alerts from their files, and in cluster mode the nodes from the state database. Reads only.
 */
public final class StatusBoard {

    private static final Logger LOG = LoggerFactory.getLogger(StatusBoard.class);

    /** What the board reads: the other features' beans ({@code budget} and {@code nodes} may be null). */
    public record Sources(
            SourceTracker tracker,
            CallGate gate,
            RateGovernor rate,
            int configuredQps,
            InFlightLimit inFlight,
            DailyBudget budget,
            ClusterNodes nodes) {}

    /** How many of the newest alerts the page shows. */
    static final int NEWEST_ALERTS = 10;

    private final Sources sources;
    private final RecentAlerts alerts;
    private final String node;
    private final String version;
    private final boolean sandbox;
    private final Duration refresh;
    private final Clock clock;

    /**
     * @param outbox  {@code outbox.dir}, whose {@code alerts/} the newest alerts are read from
     * @param refresh {@code management.status.refresh}: how often the page reloads itself
     */
    public static StatusBoard of(
            Sources sources,
            Path outbox,
            ObjectMapper json,
            String node,
            String version,
            boolean sandbox,
            Duration refresh,
            Clock clock) {
        return new StatusBoard(
                sources, new RecentAlerts(outbox, json, NEWEST_ALERTS), node, version, sandbox, refresh, clock);
    }

    StatusBoard(
            Sources sources,
            RecentAlerts alerts,
            String node,
            String version,
            boolean sandbox,
            Duration refresh,
            Clock clock) {
        this.sources = sources;
        this.alerts = alerts;
        this.node = node;
        this.version = version;
        this.sandbox = sandbox;
        this.refresh = refresh;
        this.clock = clock;
    }

    /** The status now. */
    public StatusSnapshot snapshot() {
        Instant now = clock.instant();
        return new StatusSnapshot(
                at(now),
                node,
                version,
                sources.nodes() != null,
                sandbox,
                Math.max(1, refresh.toSeconds()),
                account(now),
                calls(),
                inputs(now),
                finished(),
                alerts.newest(),
                nodes());
    }

    private StatusSnapshot.Account account(Instant now) {
        List<StatusSnapshot.Stop> stops = new ArrayList<>();
        String state = "running";
        for (Map.Entry<String, CallGate.Closure> e : sources.gate().closures().entrySet()) {
            CallGate.Closure c = e.getValue();
            stops.add(new StatusSnapshot.Stop(
                    e.getKey(),
                    c.code(),
                    c.message(),
                    c.treatment().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    at(c.since()),
                    at(c.nextProbe())));
            if (e.getKey().equals("account")) {
                state = c.treatment() == Treatment.PAUSE_DAILY ? "paused" : "stopped";
            } else if (state.equals("running")) {
                state = "endpoints-stopped";
            }
        }
        StatusSnapshot.Budget budget = null;
        DailyBudget daily = sources.budget();
        if (daily != null && daily.limited()) {
            long used = daily.used(now);
            budget = new StatusSnapshot.Budget(
                    daily.day(now),
                    daily.budget(),
                    used,
                    daily.reserved(),
                    round(100.0 * used / daily.budget()),
                    at(daily.nextReset(now)));
            if (used >= daily.budget() && state.equals("running")) {
                state = "budget-reached";
            }
        }
        return new StatusSnapshot.Account(state, stops, budget);
    }

    private StatusSnapshot.Calls calls() {
        InFlightLimit limit = sources.inFlight();
        InFlightLimit.Recent recent = limit.recent();
        return new StatusSnapshot.Calls(
                round(recent.perSecond()),
                sources.configuredQps(),
                sources.rate().qps(),
                limit.inFlight(),
                limit.limit(),
                recent.calls(),
                recent.p50Millis() / 1000.0,
                recent.p95Millis() / 1000.0,
                recent.p99Millis() / 1000.0);
    }

    private List<StatusSnapshot.Input> inputs(Instant now) {
        List<StatusSnapshot.Input> inputs = new ArrayList<>();
        for (InputProgress p : sources.tracker().inProgress()) {
            double seconds = Math.max(0.001, Duration.between(p.since(), now).toMillis() / 1000.0);
            double perSecond = (p.settled() - p.settledSince()) / seconds;
            long of = p.read() ? p.expected() : p.atMost();
            long left = of < 0 ? -1 : Math.max(0, of - p.settled());
            long secondsLeft = left < 0 ? -1 : left == 0 ? 0 : perSecond > 0 ? (long) Math.ceil(left / perSecond) : -1;
            inputs.add(new StatusSnapshot.Input(
                    p.source(),
                    p.settled(),
                    p.expected(),
                    p.atMost(),
                    round(100.0 * p.fraction()),
                    round(perSecond),
                    secondsLeft,
                    at(p.since())));
        }
        return inputs;
    }

    private List<StatusSnapshot.Finished> finished() {
        List<StatusSnapshot.Finished> finished = new ArrayList<>();
        for (SourceReport r : sources.tracker().recentReports()) {
            Map<String, Long> lines = new LinkedHashMap<>();
            long billed = 0;
            long reused = 0;
            long calls = 0;
            for (SourceReport.EndpointTally t : r.endpoints().values()) {
                lines.merge("found", t.found(), Long::sum);
                lines.merge("empty", t.empty(), Long::sum);
                lines.merge("not_found", t.notFound(), Long::sum);
                lines.merge("rejected", t.rejected(), Long::sum);
                lines.merge("failed", t.failed(), Long::sum);
                billed += t.billedResults();
                reused += t.reused();
                calls += t.apiCalls();
            }
            finished.add(new StatusSnapshot.Finished(
                    r.source(),
                    r.status(),
                    r.error(),
                    r.idsUnique(),
                    lines,
                    billed,
                    reused,
                    calls,
                    at(r.startedAt()),
                    at(r.finishedAt())));
        }
        return finished;
    }

    private List<StatusSnapshot.Node> nodes() {
        ClusterNodes cluster = sources.nodes();
        if (cluster == null) {
            return null;
        }
        List<StatusSnapshot.Node> rows = new ArrayList<>();
        try {
            cluster.live().forEach(n -> rows.add(row(n, true, cluster.nodeId())));
            cluster.gone().forEach(n -> rows.add(row(n, false, cluster.nodeId())));
        } catch (RuntimeException e) {
            // the state database cannot be reached: the page still shows this node's own view
            LOG.debug("cannot list the cluster's nodes: {}", e.getMessage());
        }
        return rows;
    }

    private static StatusSnapshot.Node row(ClusterNodes.Node n, boolean alive, String self) {
        return new StatusSnapshot.Node(
                n.id(), n.version(), at(n.startedAt()), at(n.seenAt()), alive, n.id().equals(self));
    }

    /** An instant as the page shows it: ISO-8601 in UTC, to the second. */
    private static String at(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A report's time as the page shows it (as written when it is not an instant). */
    private static String at(String instant) {
        if (instant == null) {
            return null;
        }
        try {
            return at(Instant.parse(instant));
        } catch (DateTimeParseException e) {
            return instant;
        }
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
