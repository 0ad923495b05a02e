package dev.patsnapcamel.results;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patsnapcamel.flow.LedgerEntry;

/**
 * Reads back the ledger lines of one source from an endpoint's ledger files ({@code ledger-<date>.jsonl}),
 * for a catch-up of the result database. Only files dated on or after the source's start are read: no line
 * of a source is written before it started.
 */
final class LedgerLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, Path> folderOfEndpoint;

    /** @param folderOfEndpoint the folder of an endpoint's ledger files (the ledger writer's, which checks the name) */
    LedgerLines(Function<String, Path> folderOfEndpoint) {
        this.folderOfEndpoint = folderOfEndpoint;
    }

    /** The source's lines at the endpoint, in ledger order. */
    List<LedgerEntry> of(String endpoint, String sourceKey, String startedAt) {
        Path folder = folderOfEndpoint.apply(endpoint);
        List<LedgerEntry> lines = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return lines;
        }
        String first = "ledger-" + firstDay(startedAt) + ".jsonl";
        String marker = "\"" + sourceKey + "\"";
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> ledgers = files.filter(f -> {
                String name = f.getFileName().toString();
                return name.startsWith("ledger-") && name.endsWith(".jsonl") && name.compareTo(first) >= 0;
            }).sorted().toList();
            for (Path file : ledgers) {
                try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        LedgerEntry entry = line.contains(marker) ? parse(line) : null;
                        if (entry != null && sourceKey.equals(entry.sourceKey())) {
                            lines.add(entry);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger in " + folder, e);
        }
        return lines;
    }

    /** A whole line's entry; null for a half-written last line (the ledger's recovery cuts it, and its ID is asked again). */
    private static LedgerEntry parse(String line) {
        try {
            return JSON.readValue(line, LedgerEntry.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static LocalDate firstDay(String startedAt) {
        try {
            return LocalDate.ofInstant(Instant.parse(startedAt), ZoneOffset.UTC);
        } catch (RuntimeException e) {
            return LocalDate.EPOCH;
        }
    }
}
