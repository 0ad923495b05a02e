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
 * Finally it watches how long calls take: using the full rate needs about qps × latency calls in flight,
 * and when {@code patsnap.max-in-flight} is lower than that it says so (at most every five minutes).
 */
public class RateGovernor {

    private static final Logger LOG = LoggerFactory.getLogger(RateGovernor.class);

    private static final Duration ADVICE_INTERVAL = Duration.ofMinutes(5);

    private final int configured;
    private final int maxInFlight;
    private final Duration coolDown;
    private final Clock clock;
    private int current;
    private Instant slowUntil = Instant.MIN;
    private Instant lastHalving = Instant.MIN;
    private double latencyMillis = -1;
    private Instant lastAdvice = Instant.MIN;

    public RateGovernor(int configuredQps, int maxInFlight, Duration coolDown, Clock clock) {
        this.configured = configuredQps;
        this.maxInFlight = maxInFlight;
        this.current = configuredQps;
        this.coolDown = coolDown;
        this.clock = clock;
    }

    /** Calls per second allowed now; the spacing of the calls (CallSpacing) asks for every call. */
    public synchronized int qps() {
        Instant now = clock.instant();
        if (current < configured && !now.isBefore(slowUntil)) {
            current = configured;
            LOG.info("No rate-limit answer for {} s: back to {} calls per second", coolDown.toSeconds(), configured);
        }
        return current;
    }

    /** Calls per second allowed now, for the metrics. */
    public synchronized int allowed() {
        return current;
    }

    /** A call took this long; keeps a moving average and advises on {@code patsnap.max-in-flight}. */
    public synchronized void callTook(long millis) {
        latencyMillis = latencyMillis < 0 ? millis : 0.8 * latencyMillis + 0.2 * millis;
        int needed = inFlightNeeded();
        Instant now = clock.instant();
        if (needed > maxInFlight && !now.isBefore(lastAdvice.plus(ADVICE_INTERVAL))) {
            lastAdvice = now;
            LOG.warn(
                    "Calls take about {} ms: using patsnap.qps={} needs about {} calls in flight, but "
                            + "patsnap.max-in-flight is {}; raise it to {} to use the full rate",
                    Math.round(latencyMillis),
                    configured,
                    needed,
                    maxInFlight,
                    needed);
        }
    }

    /** Calls that must be in flight to keep the configured rate at the latency seen (with a 20% margin). */
    public synchronized int inFlightNeeded() {
        return latencyMillis < 0 ? 1 : (int) Math.ceil(configured * latencyMillis / 1000 * 1.2);
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
            LOG.warn(
                    "PatSnap answered too fast (67200002 or HTTP 429): slowing down from {} to {} calls per second for {} s",
                    current,
                    slower,
                    coolDown.toSeconds());
            current = slower;
        }
    }
}
