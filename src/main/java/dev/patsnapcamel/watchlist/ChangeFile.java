package dev.patsnapcamel.watchlist;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.patsnapcamel.model.ChangeEvent;
import dev.patsnapcamel.model.SourceReport;
import dev.patsnapcamel.ops.AtomicFile;
import dev.patsnapcamel.state.WatchlistStore;

/**
 * The change file of a watch-list run, {@code outbox/changes/<run>.jsonl}: one {@link ChangeEvent} a line
 * for every (endpoint, patent) that differs from the run compared with, streamed from the snapshots and
 * written atomically ({@link AtomicFile}); no file when nothing changed.
 */
record ChangeFile(Path outbox, WatchlistStore store, ObjectMapper json, Clock clock) {

    /** Where the run's change file is. */
    Path of(SourceReport report) {
        String name = report.fileName();
        return outbox.resolve("changes").resolve(name.substring(0, name.length() - ".json".length()) + ".jsonl");
    }

    /** Streams the differences into the change file (only kept when not empty); returns the counts per kind. */
    Map<String, Long> write(SourceReport report, WatchlistStore.Run previous) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put(ChangeEvent.NEW, 0L);
        counts.put(ChangeEvent.CHANGED, 0L);
        counts.put(ChangeEvent.REMOVED, 0L);
        Path target = of(report);
        String detectedAt = clock.instant().toString();
        ObjectWriter events = json.writerFor(ChangeEvent.class);
        try {
            AtomicFile.writeIfAny(target, temporary -> {
                try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                    store.differences(
                            previous.key(),
                            report.sourceKey(),
                            List.copyOf(report.endpoints().keySet()),
                            d -> {
                                ChangeEvent event = new ChangeEvent(
                                        report.source(),
                                        d.endpoint(),
                                        d.query(),
                                        d.change(),
                                        d.pn(),
                                        d.patentId(),
                                        records(d.before()),
                                        records(d.after()),
                                        previous.source(),
                                        detectedAt);
                                out.write(events.writeValueAsString(event));
                                out.write('\n');
                                counts.merge(d.change(), 1L, Long::sum);
                            });
                }
                return counts.values().stream().mapToLong(Long::longValue).sum() > 0;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the change file " + target, e);
        }
        return counts;
    }

    private JsonNode records(String text) {
        if (text == null) {
            return JsonNodeFactory.instance.arrayNode();
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
