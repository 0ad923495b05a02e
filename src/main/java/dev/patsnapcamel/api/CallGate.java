package dev.patsnapcamel.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
                && closed.replace(gate, closure, withNextProbe(closure, now.plus(probeInterval)))) {
            LOG.info(
                    "Probing PatSnap ({}) with one call to {}, stopped since {} by {}",
                    describe(gate),
                    endpoint,
                    closure.since(),
                    closure.code());
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
        Closure previous = closed.get(gate);
        Instant since = previous == null ? now : previous.since();
        closed.put(gate, new Closure(treatment, code, message, since, nextProbe));
        if (previous == null) {
            String what = switch (treatment) {
                case PAUSE_DAILY -> "daily-limit";
                case STOP_ENDPOINT -> "endpoint-stopped";
                default -> "account-stopped";
            };
            alerts.raise(
                    what,
                    "error",
                    "PatSnap refused calls to " + describe(gate) + " with " + code + " (" + message
                            + "): calls stopped, pending work kept; next probe at " + nextProbe,
                    Map.of(
                            "code",
                            code,
                            "endpoint",
                            endpoint,
                            "scope",
                            describe(gate),
                            "next_probe",
                            nextProbe.toString()));
        }
    }

    /** PatSnap answered a call to the endpoint (with results, or an error that is not a stop): reopen. */
    public void answered(String endpoint) {
        for (String gate : new String[] {ACCOUNT, endpoint}) {
            Closure closure = closed.remove(gate);
            if (closure != null) {
                alerts.raise(
                        gate.equals(ACCOUNT) ? "account-resumed" : "endpoint-resumed",
                        "warning",
                        "PatSnap answers " + describe(gate) + " again; calls resume (stopped since " + closure.since()
                                + " by " + closure.code() + ")",
                        Map.of(
                                "endpoint",
                                endpoint,
                                "scope",
                                describe(gate),
                                "stopped_since",
                                closure.since().toString()));
            }
        }
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
