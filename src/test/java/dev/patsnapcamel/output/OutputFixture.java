package dev.patsnapcamel.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.flow.LedgerWriter;
import dev.patsnapcamel.flow.SourceLedger;
import dev.patsnapcamel.model.SourceReport;
import dev.patsnapcamel.ops.Json;
import dev.patsnapcamel.support.MovingClock;

/** A ledger folder written by hand, and the report of a source in it. */
public final class OutputFixture {

    public static final ObjectMapper JSON = Json.mapper();

    public final Path outbox;
    public final LedgerWriter ledgerWriter;
    public final SourceLedger ledger;

    public OutputFixture(Path root) {
        this.outbox = root.resolve("outbox");
        this.ledgerWriter = new LedgerWriter(outbox, null, null, new MovingClock(java.time.Instant.EPOCH), JSON);
        this.ledger = new SourceLedger(ledgerWriter::folder, JSON);
    }

    /** Appends ledger lines (JSON texts) to an endpoint's file of a day. */
    public void ledgerLines(String endpoint, String day, String... lines) {
        try {
            Path file = Files.createDirectories(outbox.resolve(endpoint)).resolve("ledger-" + day + ".jsonl");
            Files.writeString(
                    file,
                    String.join("\n", lines) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String line(
            String sourceKey,
            String source,
            String endpoint,
            String query,
            String status,
            String records,
            String errorCode,
            String error) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("source", source);
        line.put("endpoint", endpoint);
        line.put("query", query);
        line.put("status", status);
        line.put("pn", "found".equals(status) || "empty".equals(status) ? query : null);
        line.put("patent_id", "found".equals(status) || "empty".equals(status) ? "id-" + query : null);
        try {
            line.put("records", JSON.readTree(records == null ? "[]" : records));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (errorCode != null) {
            line.put("error_code", errorCode);
            line.put("error", error);
        }
        line.put("fetched_at", "2026-11-21T10:15:30Z");
        line.put("source_id", sourceKey);
        try {
            return JSON.writeValueAsString(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SourceReport report(
            String key,
            String source,
            Map<String, SourceReport.EndpointTally> tallies,
            String started,
            String finished) {
        long unique = tallies.values().stream()
                .findFirst()
                .map(t -> t.found() + t.empty() + t.notFound() + t.rejected() + t.failed())
                .orElse(0L);
        return new SourceReport(key, source, "complete", null, unique, unique, 0, 0, tallies, started, finished);
    }

    public static SourceReport.EndpointTally tally(
            long found, long empty, long notFound, long rejected, long failed, long calls) {
        return new SourceReport.EndpointTally(found, empty, notFound, rejected, failed, calls);
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
