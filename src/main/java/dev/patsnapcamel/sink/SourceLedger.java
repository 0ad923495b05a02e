package dev.patsnapcamel.sink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patsnapcamel.flow.LedgerWriter;
import dev.patsnapcamel.flow.SourceReport;

/**
 * Reads back the ledger lines of one source at one endpoint, the ledger being the record of what was
 * fetched: the files {@code ledger-<date>.jsonl} (see {@link LedgerWriter}) of every UTC day from the
 * report's {@code started_at} to its {@code finished_at}, line by line (memory stays small for a source of
 * a million IDs). A line belongs to the source when its {@code source_id} is the report's source key; a
 * cheap text test skips other sources' lines before any JSON is parsed.
 */
public final class SourceLedger {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LedgerWriter ledger;

    public SourceLedger(LedgerWriter ledger) {
        this.ledger = ledger;
    }

    /** Hands every ledger line of the report's source at the endpoint, in file order, to the consumer. */
    public void forEach(SourceReport report, String endpoint, Consumer<JsonNode> lines) {
        scan(report, endpoint, raw -> true, line -> {
            lines.accept(line);
            return true;
        });
    }

    /**
     * Hands the source's ledger lines at the endpoint whose text passes {@code rawFilter} (a quick test
     * before the JSON is parsed) to {@code lines}, in file order, until it returns false.
     */
    public void scan(SourceReport report, String endpoint, Predicate<String> rawFilter, Predicate<JsonNode> lines) {
        if (report.sourceKey() == null) {
            return;
        }
        // LedgerWriter writes compact JSON: the field appears exactly like this in the source's lines
        String needle = "\"source_id\":\"" + report.sourceKey() + "\"";
        for (Path file : files(report, endpoint)) {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.contains(needle) && rawFilter.test(line)) {
                        JsonNode node = JSON.readTree(line);
                        if (report.sourceKey().equals(node.path("source_id").asText()) && !lines.test(node)) {
                            return;
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the ledger " + file, e);
            }
        }
    }

    /** The endpoint's ledger files that can hold lines of the source, oldest first. */
    List<Path> files(SourceReport report, String endpoint) {
        Path folder = ledger.folder(endpoint);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        LocalDate from = day(report.startedAt());
        LocalDate to = day(report.finishedAt());
        List<Path> files = new ArrayList<>();
        if (from != null && to != null && !to.isBefore(from)) {
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                Path file = folder.resolve("ledger-" + d + ".jsonl");
                if (Files.isRegularFile(file)) {
                    files.add(file);
                }
            }
            return files;
        }
        // times that cannot be read: look at every ledger file of the endpoint
        try (Stream<Path> all = Files.list(folder)) {
            return all.filter(f -> f.getFileName().toString().matches("ledger-.*\\.jsonl")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static LocalDate day(String instant) {
        try {
            return instant == null ? null : Instant.parse(instant).atZone(ZoneOffset.UTC).toLocalDate();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
