package dev.patsnapcamel.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.ops.Alerts;

/**
 * Decides whether a PatSnap call may start. When PatSnap says the account cannot call (quota, balance,
 * expiry, configuration), the daily limit is reached, or an endpoint is not usable, the matching gate
 * closes: the account gate stops every endpoint, an endpoint gate only its own. Calls refused by a
 * closed gate fail with {@link PatsnapCallException.Suspending} before reaching PatSnap, so their
 * batches stay pending in the aggregation repositories.
 * <p>
 * A closed gate lets one call through as a probe when its time comes: every
 * {@code patsnap.stop.probe-interval} after a stop, at the next daily reset after the daily limit, and
 * at once after a restart (gates start open). Any answer from PatSnap other than a stop reopens it.
 * Every change raises an alert.
 * <p>
 * In a cluster ({@link #shareThrough}) the gates are shared through a {@link StopBoard}: a stop closes the
 * gate on the board as well, an answer opens it there, {@link #refresh} (about once a second) applies the
 * other nodes' closures and openings here, and a probe goes only when this node wins it on the board, so
 * one probe is sent for the cluster. The node that closes or opens a gate on the board raises the alert;
 * the others log it once. While the board cannot be reached the gates stay as last known here (a closed
 * gate stays closed, no probe goes), and the changes made here meanwhile are written once it answers.
 */
public class CallGate {

    private static final Logger LOG = LoggerFactory.getLogger(CallGate.class);
    private static final String ACCOUNT = "*";

    /** A closed gate: why, and when the next probe may go through. */
    public record Closure(Treatment treatment, String code, String message, Instant since, Instant nextProbe) {}

    private final Alerts alerts;
    private final Clock clock;
    private final Duration probeInterval;
    private final LocalTime dailyReset;
    private final ZoneId dailyZone;
    private final Map<String, Closure> closed = new ConcurrentHashMap<>();
    /** Changes made here that the board has not taken yet: the closure, or empty for an opening. */
    private final Map<String, Optional<Closure>> unposted = new ConcurrentHashMap<>();
    /** Counts the changes made here, so that a refresh that raced one is not applied. */
    private final AtomicLong changes = new AtomicLong();
    /** Held while a change is made here and while a refresh applies the board, so the two never interleave. */
    private final Object changing = new Object();

    private volatile StopBoard board;
    private volatile String node = "";
    /** The board's clock minus this node's, as of the last refresh. */
    private volatile Duration boardOffset = Duration.ZERO;

    private volatile boolean boardUnreachable;

    public CallGate(Alerts alerts, Clock clock, Duration probeInterval, LocalTime dailyReset, ZoneId dailyZone) {
        this.alerts = alerts;
        this.clock = clock;
        this.probeInterval = probeInterval;
        this.dailyReset = dailyReset;
        this.dailyZone = dailyZone;
    }

    /** Lets a call to the endpoint start, or refuses it while the account or the endpoint is stopped. */
    public void admit(@ExchangeProperty(Headers.ENDPOINT) String endpoint) {
        admitThrough(ACCOUNT, endpoint);
        admitThrough(endpoint, endpoint);
    }

    private void admitThrough(String gate, String endpoint) {
        Closure closure = closed.get(gate);
        if (closure == null) {
            return;
        }
        Instant now = clock.instant();
        if (!now.isBefore(closure.nextProbe())
                && closed.replace(gate, closure, withNextProbe(closure, now.plus(probeInterval)))
                && wonProbe(gate, now.plus(probeInterval))) {
            LOG.info(
                    "Probing PatSnap ({}) with one call to {}, stopped since {} by {}{}",
                    describe(gate),
                    endpoint,
                    closure.since(),
                    closure.code(),
                    board == null ? "" : " (node " + node + ", for the cluster)");
            return;
        }
        throw new PatsnapCallException.Suspending(
                "STOPPED",
                "calls to " + describe(gate) + " are stopped since "
                        + closure.since() + " (" + closure.code() + ": " + closure.message() + "); next probe at "
                        + closed.getOrDefault(gate, closure).nextProbe(),
                closure.treatment());
    }

    /** PatSnap refused a call with a stopping treatment: close the account's or the endpoint's gate. */
    public void refused(Treatment treatment, String endpoint, String code, String message) {
        String gate = treatment == Treatment.STOP_ENDPOINT ? endpoint : ACCOUNT;
        Instant now = clock.instant();
        Instant nextProbe = treatment == Treatment.PAUSE_DAILY ? nextDailyReset(now) : now.plus(probeInterval);
        // one atomic change here, so that of several calls stopped at once only one finds the gate open
        // (and raises the alert); a refresh racing it leaves it alone (the change count, and a closure
        // object it never saw)
        boolean[] wasOpen = new boolean[1];
        Closure closure;
        synchronized (changing) {
            changes.incrementAndGet();
            closure = closed.compute(gate, (g, previous) -> {
                wasOpen[0] = previous == null;
                return new Closure(treatment, code, message, previous == null ? now : previous.since(), nextProbe);
            });
        }
        // in a cluster the board says whether this node closed it (another node may have, just before)
        boolean first = post(gate, Optional.of(closure), wasOpen[0]);
        if (first) {
            String what = switch (treatment) {
                case PAUSE_DAILY -> "daily-limit";
                case STOP_ENDPOINT -> "endpoint-stopped";
                default -> "account-stopped";
            };
            alerts.raise(
                    what,
                    "error",
                    "PatSnap refused calls to " + describe(gate) + " with " + code + " (" + message + "): calls stopped"
                            + onAllNodes() + ", pending work kept; next probe at " + nextProbe,
                    details(Map.of(
                            "code",
                            code,
                            "endpoint",
                            endpoint,
                            "scope",
                            describe(gate),
                            "next_probe",
                            nextProbe.toString())));
        }
    }

    /** PatSnap answered a call to the endpoint (with results, or an error that is not a stop): reopen. */
    public void answered(String endpoint) {
        for (String gate : new String[] {ACCOUNT, endpoint}) {
            Closure closure;
            synchronized (changing) {
                if (closed.containsKey(gate)) {
                    changes.incrementAndGet();
                }
                closure = closed.remove(gate);
            }
            if (closure != null && post(gate, Optional.empty(), true)) {
                alerts.raise(
                        gate.equals(ACCOUNT) ? "account-resumed" : "endpoint-resumed",
                        "warning",
                        "PatSnap answers " + describe(gate) + " again; calls resume" + onAllNodes() + " (stopped since "
                                + closure.since() + " by " + closure.code() + ")",
                        details(Map.of(
                                "endpoint",
                                endpoint,
                                "scope",
                                describe(gate),
                                "stopped_since",
                                closure.since().toString())));
            }
        }
    }

    /**
     * Shares the gates with the other nodes through the board, as the given node (cluster mode). Until then,
     * and without it, the gates are this node's own.
     */
    public void shareThrough(StopBoard board, String node) {
        this.node = node;
        this.board = board;
    }

    /**
     * Cluster mode: writes the changes the board missed, then takes the board's closures as they are now
     * (a gate another node closed closes here, one it opened opens here, each logged once). Nothing changes
     * here while the board cannot be read. Standalone: nothing to do.
     */
    public void refresh() {
        StopBoard shared = board;
        if (shared == null) {
            return;
        }
        long changesBefore = changes.get();
        Map<String, Closure> before = Map.copyOf(closed);
        StopBoard.Snapshot snapshot;
        try {
            unposted.forEach((gate, change) -> {
                if (change.isPresent()) {
                    shared.close(gate, toBoard(change.get()), node);
                } else {
                    shared.open(gate);
                }
                unposted.remove(gate, change);
            });
            snapshot = shared.read();
        } catch (RuntimeException e) {
            if (!boardUnreachable) {
                boardUnreachable = true;
                LOG.warn(
                        "Cannot read the cluster's stopped calls ({}); the gates stay as they are here",
                        e.getMessage());
            }
            return;
        }
        if (boardUnreachable) {
            boardUnreachable = false;
            LOG.info("The cluster's stopped calls can be read again");
        }
        boardOffset = Duration.between(clock.instant(), snapshot.now());
        synchronized (changing) {
            if (changes.get() != changesBefore) {
                return; // a stop or an answer here meanwhile: the next refresh sees the board with it
            }
            apply(snapshot, before);
        }
    }

    /** Takes the board's closures (under {@link #changing}: no stop or answer here in between). */
    private void apply(StopBoard.Snapshot snapshot, Map<String, Closure> before) {
        snapshot.closed().forEach((gate, posted) -> {
            Closure closure = fromBoard(posted.closure());
            Closure previous = closed.put(gate, closure);
            if (previous == null) {
                LOG.warn(
                        "Calls to {} are stopped by node {} since {} ({}: {}); next probe at {}",
                        describe(gate),
                        posted.closedBy(),
                        closure.since(),
                        closure.code(),
                        closure.message(),
                        closure.nextProbe());
            }
        });
        before.forEach((gate, closure) -> {
            if (!snapshot.closed().containsKey(gate) && closed.remove(gate, closure)) {
                LOG.info("Calls to {} resume: another node of the cluster had an answer", describe(gate));
            }
        });
    }

    /** Whether this node may send the probe that is due: always standalone, one node in a cluster. */
    private boolean wonProbe(String gate, Instant nextProbe) {
        StopBoard shared = board;
        if (shared == null) {
            return true;
        }
        try {
            return shared.claimProbe(gate, nextProbe.plus(boardOffset), node);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Cannot take the probe of {} on the cluster's board ({}): no probe now",
                    describe(gate),
                    e.getMessage());
            return false;
        }
    }

    /**
     * Posts a change on the board, if shared: whether it changed the board (standalone, or with the board
     * unreachable: what {@code here} says). A change the board cannot take is written by the next refresh.
     */
    private boolean post(String gate, Optional<Closure> change, boolean here) {
        StopBoard shared = board;
        if (shared == null) {
            return here;
        }
        try {
            unposted.remove(gate);
            return change.isPresent() ? shared.close(gate, toBoard(change.get()), node) : shared.open(gate);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Cannot share the change of {} with the cluster now ({}): kept here",
                    describe(gate),
                    e.getMessage());
            unposted.put(gate, change);
            return here;
        }
    }

    private Closure toBoard(Closure c) {
        Duration offset = boardOffset;
        return new Closure(
                c.treatment(),
                c.code(),
                c.message(),
                c.since().plus(offset),
                c.nextProbe().plus(offset));
    }

    private Closure fromBoard(Closure c) {
        Duration offset = boardOffset;
        return new Closure(
                c.treatment(),
                c.code(),
                c.message(),
                c.since().minus(offset),
                c.nextProbe().minus(offset));
    }

    private String onAllNodes() {
        return board == null ? "" : " on all nodes (node " + node + ")";
    }

    private Map<String, Object> details(Map<String, Object> details) {
        if (board == null) {
            return details;
        }
        Map<String, Object> withNode = new LinkedHashMap<>(details);
        withNode.put("node", node);
        return withNode;
    }

    /**
     * Every closed gate now, by scope: {@code "account"} for the whole account, else the endpoint's name (a
     * copy, for the status page and the metrics).
     */
    public Map<String, Closure> closures() {
        Map<String, Closure> now = new TreeMap<>();
        closed.forEach((gate, closure) -> now.put(gate.equals(ACCOUNT) ? "account" : gate, closure));
        return now;
    }

    /** Why calls to the account are stopped, if they are. */
    public Optional<Closure> accountClosure() {
        return Optional.ofNullable(closed.get(ACCOUNT));
    }

    private Instant nextDailyReset(Instant now) {
        ZonedDateTime local = now.atZone(dailyZone);
        ZonedDateTime reset = local.with(dailyReset);
        return (reset.isAfter(local) ? reset : reset.plusDays(1)).toInstant();
    }

    private static Closure withNextProbe(Closure c, Instant next) {
        return new Closure(c.treatment(), c.code(), c.message(), c.since(), next);
    }

    private static String describe(String gate) {
        return gate.equals(ACCOUNT) ? "the account" : "endpoint " + gate;
    }
}
