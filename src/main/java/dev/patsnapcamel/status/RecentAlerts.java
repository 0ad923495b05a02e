package dev.patsnapcamel.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The newest alerts, read from their files in {@code <outbox>/alerts/} (what {@code Alerts} writes, so they
 * survive restarts and, with a shared outbox, show every node's). A file that cannot be read is passed over.
 */
final class RecentAlerts {

    private static final Logger LOG = LoggerFactory.getLogger(RecentAlerts.class);

    private final Path folder;
    private final ObjectMapper json;
    private final int most;

    RecentAlerts(Path outbox, ObjectMapper json, int most) {
        this.folder = outbox.resolve("alerts");
        this.json = json;
        this.most = most;
    }

    /** The newest alerts, newest first. */
    List<StatusSnapshot.Alert> newest() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> newest;
        try (Stream<Path> files = Files.list(folder)) {
            newest = files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(RecentAlerts::modified)
                            .thenComparing(f -> f.getFileName().toString())
                            .reversed())
                    .limit(most)
                    .toList();
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", folder, e.getMessage());
            return List.of();
        }
        List<StatusSnapshot.Alert> alerts = new ArrayList<>();
        for (Path file : newest) {
            try {
                JsonNode alert = json.readTree(file.toFile());
                alerts.add(new StatusSnapshot.Alert(
                        text(alert, "kind"),
                        text(alert, "severity"),
                        text(alert, "message"),
                        text(alert, "raised_at"),
                        alert.hasNonNull("node") ? text(alert, "node") : null));
            } catch (IOException | RuntimeException e) {
                LOG.debug("passing over the alert file {}: {}", file.getFileName(), e.getMessage());
            }
        }
        return alerts;
    }

    private static String text(JsonNode alert, String field) {
        JsonNode value = alert.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
