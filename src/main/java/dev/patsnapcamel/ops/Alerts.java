package dev.patsnapcamel.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Tells operators about conditions that need a person: one JSON file per alert under
 * {@code <outbox>/alerts/} (written atomically) and one log line (ERROR for stops, WARN otherwise); in cluster
 * mode both name the node that raised it (field {@code node}).
 * Later sinks (mail) pick the files up. With a meter registry, each alert also counts in {@code patsnap.alerts}
 * ({@code patsnap_alerts_total}) by {@code kind} and {@code severity}.
 */
public class Alerts {

    /** The alert raised when an output failed after its retries. */
    public static final String OUTPUT_FAILED = "output-failed";

    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);

    private final Path folder;
    private final Clock clock;
    private final ObjectMapper json;
    private final AtomicLong sequence = new AtomicLong();
    private final String node;
    private final MeterRegistry meters;

    public Alerts(Path outbox, Clock clock, ObjectMapper json) {
        this(outbox, clock, json, null);
    }

    /** @param node the node that raises the alerts (field {@code node}, cluster mode), or null when alone */
    public Alerts(Path outbox, Clock clock, ObjectMapper json, String node) {
        this(outbox, clock, json, node, null);
    }

    /**
     * @param node   the node that raises the alerts (field {@code node}, cluster mode), or null when alone
     * @param meters where the alerts are counted ({@code patsnap.alerts}), or null: not counted
     */
    public Alerts(Path outbox, Clock clock, ObjectMapper json, String node, MeterRegistry meters) {
        this.folder = outbox.resolve("alerts");
        this.clock = clock;
        this.json = json;
        this.node = node;
        this.meters = meters;
    }

    /**
     * Shows the count of an alert at 0 before it is first raised, so that the first one is an increase (alert
     * rules look for increases of {@code patsnap_alerts_total}).
     */
    public void expect(String kind, String severity) {
        counter(kind, severity);
    }

    private Counter counter(String kind, String severity) {
        return meters == null
                ? null
                : Counter.builder("patsnap.alerts")
                        .description("Alerts raised, by kind and severity")
                        .tag("kind", kind)
                        .tag("severity", severity)
                        .register(meters);
    }

    /**
     * Raises an alert.
     *
     * @param kind    e.g. {@code account-stopped}, {@code endpoint-resumed}
     * @param severity {@code error} or {@code warning}
     * @param message what happened and what the bundle does about it
     * @param details extra fields (code, endpoint, resume time...)
     */
    public void raise(String kind, String severity, String message, Map<String, Object> details) {
        Instant now = clock.instant();
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("kind", kind);
        alert.put("severity", severity);
        alert.put("message", message);
        alert.putAll(details);
        alert.put("raised_at", now.toString());
        Counter count = counter(kind, severity);
        if (count != null) {
            count.increment();
        }
        String on = node == null ? "" : " (node " + node + ")";
        if (node != null) {
            alert.put("node", node);
        }
        if ("error".equals(severity)) {
            LOG.error("ALERT {}{}: {}", kind, on, LogSafe.of(message));
        } else {
            LOG.warn("ALERT {}{}: {}", kind, on, LogSafe.of(message));
        }
        String name = now.toString().replace(":", "").replace(".", "") + "-" + sequence.incrementAndGet() + "-" + kind
                + ".json";
        try {
            AtomicFile.write(
                    folder.resolve(name),
                    tmp -> json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), alert));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write alert " + name, e);
        }
    }

    /** An output (database, CSV, mail, results queue) failed after its retries; the ledger has the data. */
    public void outputFailed(String route, String error) {
        raise(
                OUTPUT_FAILED,
                "warning",
                "The output " + route + " failed after its retries (" + error + "); the ledger has the data",
                Map.of("route", route, "error", String.valueOf(error)));
    }
}
