package dev.patsnapcamel.api;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The number of calls per second the throttle allows now: {@code patsnap.qps}, halved when PatSnap
 * answers 67200002 (too fast; the account's real limit may be lower than configured), and back to the
 * configured rate once no such answer has come for {@code patsnap.rate.cool-down}. The answers to calls
 * that were already under way at the slower rate count as one episode: the rate halves at most once a
 * second.
 * <p>
 * It allows the full rate from the first call on; how many calls may be under way to use it, at the
 * latency PatSnap answers with, is {@link InFlightLimit}'s.
 * <p>
 * In a cluster ({@link #share}) the rate is the cluster's ({@link SharedRateState}, in the state database):
 * one node's 67200002 slows all of them. The node that had the answer halves its own rate at once as it does
 * alone, and the cluster's in the background; it calls no faster than either.
 */
public class RateGovernor {

    private static final Logger LOG = LoggerFactory.getLogger(RateGovernor.class);

    private final int configured;
    private final Duration coolDown;
    private final Clock clock;
    private int current;
    private Instant slowUntil = Instant.MIN;
    private Instant lastHalving = Instant.MIN;
    private volatile SharedRateState shared;
    private volatile Executor background;

    public RateGovernor(int configuredQps, Duration coolDown, Clock clock) {
        this.configured = configuredQps;
        this.current = configuredQps;
        this.coolDown = coolDown;
        this.clock = clock;
    }

    /**
     * From now on the rate is the cluster's too (cluster mode): this node calls no faster than it, and its
     * too-fast answers halve it, written by {@code background} (never on the thread of the answer).
     */
    public void share(SharedRateState cluster, Executor background) {
        this.background = background;
        this.shared = cluster;
    }

    /** Calls per second allowed now; the throttle asks for every call, the metrics and the in-flight limit too. */
    public int qps() {
        SharedRateState cluster = shared;
        int own = ownQps();
        return cluster == null ? own : Math.min(own, cluster.qps());
    }

    private synchronized int ownQps() {
        if (current < configured && !clock.instant().isBefore(slowUntil)) {
            current = configured;
            LOG.info("No rate-limit answer for {} s: back to {} calls per second", coolDown.toSeconds(), configured);
        }
        return current;
    }

    /** PatSnap said the calls come too fast: this node slows down at once, and in a cluster all nodes. */
    public void tooFast() {
        ownTooFast();
        SharedRateState cluster = shared;
        if (cluster != null) {
            try {
                background.execute(() -> {
                    try {
                        cluster.tooFast();
                    } catch (SQLException | RuntimeException e) {
                        LOG.warn(
                                "The cluster's rate could not be halved in the state database ({}): only this node's is",
                                e.toString());
                    }
                });
            } catch (RejectedExecutionException stopped) {
                // the bundle is stopping: this node's own halving is enough
            }
        }
    }

    private synchronized void ownTooFast() {
        Instant now = clock.instant();
        slowUntil = now.plus(coolDown);
        if (now.isBefore(lastHalving.plusSeconds(1))) {
            return;
        }
        lastHalving = now;
        int slower = Math.max(1, current / 2);
        if (slower < current) {
            LOG.warn(
                    "PatSnap answered too fast (67200002 or HTTP 429): slowing down from {} to {} calls per second for {} s",
                    current,
                    slower,
                    coolDown.toSeconds());
            current = slower;
        }
    }
}
