package dev.patsnapcamel.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The number of calls per second the throttle allows now: {@code patsnap.qps}, halved when PatSnap
 * answers 67200002 (too fast; the account's real limit may be lower than configured), and back to the
 * configured rate once no such answer has come for {@code patsnap.rate.cool-down}. The answers to calls
 * that were already under way at the slower rate count as one episode: the rate halves at most once a
 * second.
 * <p>
 * It also starts slowly: a quarter of the rate in the first second of calling, doubling every second.
 * The first calls of a fresh process reach PatSnap late (connections, a cold JVM), so at full rate they
 * would bunch up with the next second's calls at PatSnap's end and be refused.
 */
public class RateGovernor {

    private static final Logger LOG = LoggerFactory.getLogger(RateGovernor.class);

    private final int configured;
    private final Duration coolDown;
    private final Clock clock;
    private int current;
    private Instant slowUntil = Instant.MIN;
    private Instant lastHalving = Instant.MIN;
    private Instant firstCall;

    public RateGovernor(int configuredQps, Duration coolDown, Clock clock) {
        this.configured = configuredQps;
        this.current = configuredQps;
        this.coolDown = coolDown;
        this.clock = clock;
    }

    /** Calls per second allowed now; the throttle asks for every call. */
    public synchronized int qps() {
        Instant now = clock.instant();
        if (firstCall == null) {
            firstCall = now;
        }
        if (current < configured && !now.isBefore(slowUntil)) {
            current = configured;
            LOG.info("No rate-limit answer for {} s: back to {} calls per second", coolDown.toSeconds(), configured);
        }
        long seconds = Duration.between(firstCall, now).toSeconds();
        long slowStart = seconds >= 3 ? configured : Math.max(1, (long) configured / 4) << seconds;
        return (int) Math.min(current, slowStart);
    }

    /** PatSnap said the calls come too fast. */
    public synchronized void tooFast() {
        Instant now = clock.instant();
        slowUntil = now.plus(coolDown);
        if (now.isBefore(lastHalving.plusSeconds(1))) {
            return;
        }
        lastHalving = now;
        int slower = Math.max(1, current / 2);
        if (slower < current) {
            LOG.warn("PatSnap answered 67200002 (too fast): slowing down from {} to {} calls per second for {} s", current,
                    slower, coolDown.toSeconds());
            current = slower;
        }
    }
}
