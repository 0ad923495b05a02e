package dev.patsnapcamel.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.TimeUtils;

/**
 * The settings as the configuration classes read them: every key from {@code config/application.properties}
 * (overridden by the environment, {@code -D} options and secret files), which is the one place of their
 * defaults. A key missing there stops the start with a message naming it; nothing here has a default of its own.
 * <p>
 * Durations take Camel's forms ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 24h}, {@code 1m30s}); a plain
 * number is milliseconds, except for the keys in {@link #SECONDS}, which have always been seconds.
 */
public final class Settings {

    /** Keys whose plain numbers are seconds (as they have always been); {@code 90s} or {@code 2m} work too. */
    public static final Set<String> SECONDS = Set.of("patsnap.sandbox.token-lifetime", "patsnap.sandbox.retry-after");

    /**
     * Keys that are durations (plain numbers are ms). Components that take a number of ms are handed them
     * through {@link #lookup()} as plain ms, whichever form the operator wrote.
     */
    public static final Set<String> DURATIONS = Set.of(
            "patsnap.batch.timeout",
            "cluster.heartbeat-interval",
            "cluster.node-timeout",
            "patsnap.batch.recovery-interval",
            "patsnap.reuse.window",
            "patsnap.reuse.prune-interval",
            "patsnap.rate.cool-down",
            "patsnap.rate.window",
            "patsnap.in-flight.latency-window",
            "patsnap.retry.initial-delay",
            "patsnap.retry.max-delay",
            "patsnap.retry.max-retry-after",
            "patsnap.stop.probe-interval",
            "patsnap.reconcile.interval",
            "patsnap.reconcile.after",
            "patsnap.sandbox.latency",
            "patsnap.sandbox.latency-jitter",
            "intake.file.stable-time",
            "intake.file.moved-stable-time",
            "intake.file.poll-interval",
            "intake.file.read-lock-timeout",
            "intake.sftp.stable-time",
            "intake.sftp.poll-interval",
            "intake.sftp.read-lock-timeout",
            "intake.sftp.connect-timeout",
            "intake.sftp.reconnect-delay",
            "intake.queue.recovery-interval",
            "outputs.retry.delay",
            "mail.timeout",
            "mail.retry.delay",
            "mail.retry.max-delay",
            "mail.retry.give-up-after",
            "mail.alerts.max-age",
            "mail.poll-interval",
            "sink.jdbc.catch-up-interval",
            "progress.interval",
            "management.status.refresh");

    private final PropertiesComponent properties;

    public Settings(PropertiesComponent properties) {
        this.properties = properties;
    }

    public static Settings of(CamelContext context) {
        return new Settings(context.getPropertiesComponent());
    }

    /** The value, trimmed; empty when the file leaves it empty. Fails naming the key when it is missing. */
    public String text(String key) {
        return properties
                .resolveProperty(key)
                .map(String::trim)
                .orElseThrow(() -> new IllegalArgumentException(
                        "the setting " + key + " is missing: every key needs a line in config/application.properties"));
    }

    /** A secret, exactly as given (not trimmed); empty when not set. Fails naming the key when it is missing. */
    public String secret(String key) {
        return properties
                .resolveProperty(key)
                .orElseThrow(() -> new IllegalArgumentException(
                        "the setting " + key + " is missing: every key needs a line in config/application.properties"));
    }

    /** The value, trimmed, or null when the key is not there at all (optional keys only, such as overrides). */
    public String optional(String key) {
        return properties.resolveProperty(key).map(String::trim).orElse(null);
    }

    public boolean flag(String key) {
        String value = text(key);
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key + " must be true or false, was '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    public int integer(String key) {
        return (int) number(key);
    }

    public long number(String key) {
        String value = text(key);
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'");
        }
    }

    /** A duration: Camel's forms, a plain number in ms (in seconds for the keys in {@link #SECONDS}). */
    public Duration duration(String key) {
        return duration(key, text(key));
    }

    public long millis(String key) {
        return duration(key).toMillis();
    }

    static Duration duration(String key, String value) {
        try {
            if (SECONDS.contains(key) && value.matches("\\d+")) {
                return Duration.ofSeconds(Long.parseLong(value));
            }
            return Duration.ofMillis(TimeUtils.toMilliSeconds(value));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be a duration (500ms, 30s, 5m, 24h; a plain number is "
                    + (SECONDS.contains(key) ? "seconds" : "ms") + "), was '" + value + "'");
        }
    }

    /** A comma list, trimmed, without empty items or repeats. */
    public List<String> list(String key) {
        return Arrays.stream(text(key).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
    }

    /** Every key (with its value) that the predicate accepts, for families such as {@code sink.csv.columns.*}. */
    public Properties family(Predicate<String> keys) {
        return properties.loadProperties(keys::test);
    }

    /**
     * The settings for a class that reads them itself ({@code from(Function)}): a missing key fails naming it,
     * a duration is given as plain ms.
     */
    public Function<String, String> lookup() {
        return key -> {
            String value = text(key);
            if (DURATIONS.contains(key) && !value.isEmpty()) {
                return Long.toString(duration(key, value).toMillis());
            }
            return value;
        };
    }

    /** As {@link #lookup()}, for a class that offers a fallback of its own: the fallback is never used. */
    public BinaryOperator<String> lookupIgnoringFallback() {
        Function<String, String> lookup = lookup();
        return (key, fallback) -> lookup.apply(key);
    }
}
