package dev.patsnapcamel.flow;

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
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.model.SourceReport;

/**
 * Reads back the ledger lines of one source at one endpoint, the ledger being the record of what was
 * fetched (the CSV files and the result database's catch-up are made from it): the files
 * {@code ledger-<date>.jsonl} (see {@link LedgerWriter}; in cluster mode also each node's
 * {@code ledger-<date>-<node>.jsonl}) of every UTC day from the source's start to its
 * end (or to the last file when the end is not known), line by line, so memory stays small for a source
 * of a million IDs. A line belongs to the source when its {@code source_id} is the source's key; a cheap
 * text test skips other sources' lines before any JSON is parsed. A line that is not whole JSON (being
 * written at this moment, or cut by a crash) is skipped.
 */
public final class SourceLedger {

    private final Function<String, Path> folderOfEndpoint;
    private final ObjectMapper json;

    /** @param folderOfEndpoint the folder of an endpoint's ledger files ({@link LedgerWriter#folder}) */
    public SourceLedger(Function<String, Path> folderOfEndpoint, ObjectMapper json) {
        this.folderOfEndpoint = folderOfEndpoint;
        this.json = json;
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
        scan(report.sourceKey(), report.startedAt(), report.finishedAt(), endpoint, rawFilter, lines);
    }

    /**
     * As {@link #scan(SourceReport, String, Predicate, Predicate)} for a source known by its key and times;
     * {@code finishedAt} may be null (read to the last ledger file).
     */
    public void scan(
            String sourceKey,
            String startedAt,
            String finishedAt,
            String endpoint,
            Predicate<String> rawFilter,
            Predicate<JsonNode> lines) {
        if (sourceKey == null) {
            return;
        }
        // LedgerWriter writes compact JSON: the field appears exactly like this in the source's lines
        String needle = "\"source_id\":\"" + sourceKey + "\"";
        for (Path file : files(startedAt, finishedAt, endpoint)) {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.contains(needle) && rawFilter.test(line)) {
                        JsonNode node = whole(line);
                        if (node != null
                                && sourceKey.equals(node.path("source_id").asText())
                                && !lines.test(node)) {
                            return;
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the ledger " + file, e);
            }
        }
    }

    private JsonNode whole(String line) {
        try {
            return json.readTree(line);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The endpoint's ledger files that can hold lines of the source, oldest first. */
    List<Path> files(String startedAt, String finishedAt, String endpoint) {
        Path folder = folderOfEndpoint.apply(endpoint);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        LocalDate from = day(startedAt);
        LocalDate to = day(finishedAt);
        List<Path> files = new ArrayList<>();
        if (from != null && to != null && !to.isBefore(from)) {
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                Path file = folder.resolve("ledger-" + d + ".jsonl");
                if (Files.isRegularFile(file)) {
                    files.add(file);
                }
                files.addAll(nodeFiles(folder, d));
            }
            return files;
        }
        // no end (or no start) known: every ledger file of the endpoint from the start's day on
        String first = from == null ? "" : "ledger-" + from;
        try (Stream<Path> all = Files.list(folder)) {
            return all.filter(f -> f.getFileName().toString().matches("ledger-.*\\.jsonl"))
                    .filter(f -> f.getFileName().toString().compareTo(first) >= 0)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** Cluster mode: the day's files of every node, {@code ledger-<date>-<node>.jsonl}, by name. */
    private static List<Path> nodeFiles(Path folder, LocalDate day) {
        String prefix = "ledger-" + day + "-";
        try (Stream<Path> all = Files.list(folder)) {
            return all.filter(f -> {
                        String name = f.getFileName().toString();
                        return name.startsWith(prefix) && name.endsWith(".jsonl");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static LocalDate day(String instant) {
        try {
            return instant == null
                    ? null
                    : Instant.parse(instant).atZone(ZoneOffset.UTC).toLocalDate();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
