package dev.patsnapcamel.mail;

import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.output.CellText;
import dev.patsnapcamel.output.CsvOutput;
import dev.patsnapcamel.flow.SourceLedger;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patsnapcamel.model.ChangeEvent;
import dev.patsnapcamel.flow.Outputs;
import dev.patsnapcamel.model.SourceReport;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the mails (plain text and HTML) the mail output sends: the summary of a finished source, an
 * alert, the changes a watch-list run found. Each method returns the {@link MailRequest} to queue in the
 * mail outbox, or null when that kind of mail has no recipients (or the alert is not one to mail).
 */
public final class MailComposer {

    private static final Logger LOG = LoggerFactory.getLogger(MailComposer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);
    private static final List<String> STATUSES = List.of("found", "empty", "not_found", "rejected", "failed");
    private static final String CSV_TYPE = "text/csv; charset=UTF-8";
    private static final int TEXT_CELL = 80;
    private static final String FAILED = "\"status\":\"failed\"";
    private static final String REJECTED = "\"status\":\"rejected\"";
    /** Alerts about mail itself are never mailed: the mail server is what failed (and it would loop). */
    static final Set<String> NOT_MAILED = Set.of(MailOutbox.MAIL_FAILED);

    private final MailSettings settings;
    private final SourceLedger ledger;
    private final CsvOutput csv;
    private final Outputs outputs;
    private final CellText cells;
    private final Clock clock;

    public MailComposer(MailSettings settings, SourceLedger ledger, CsvOutput csv, Outputs outputs, CellText cells,
            Clock clock) {
        this.settings = settings;
        this.ledger = ledger;
        this.csv = csv;
        this.outputs = outputs;
        this.cells = cells;
        this.clock = clock;
    }

    /**
     * The summary of a finished source: counts per endpoint and status, the IDs that failed or were
     * rejected (the first {@code mail.max-rows}), and the CSV files, attached or pointed to, when the
     * source's outputs include {@code csv} (made here if the CSV output has not made them yet).
     */
    public MailRequest summary(@Body SourceReport report) {
        List<String> to = settings.to(MailSettings.SUMMARY);
        if (to.isEmpty()) {
            return null;
        }
        long failedOrRejected = 0;
        for (SourceReport.EndpointTally t : report.endpoints().values()) {
            failedOrRejected += t.failed() + t.rejected();
        }
        String subject;
        MailBody body = new MailBody();
        if (report.error() != null || report.sourceKey() == null) {
            subject = report.source() + " could not be read";
            body.heading(report.source()).paragraph("This input could not be read; no ID of it was sent to PatSnap.")
                    .fields(List.of(pair("Status", report.status()), pair("Reason", report.error()),
                            pair("At", report.finishedAt())));
        } else {
            subject = report.source() + ": " + report.idsUnique() + " IDs done"
                    + (failedOrRejected > 0 ? ", " + failedOrRejected + " failed or rejected" : "");
            body.heading(report.source()).fields(List.of(pair("Status", report.status()),
                    pair("Started", report.startedAt()), pair("Finished", report.finishedAt()),
                    pair("Took", took(report)), pair("IDs read", report.idsRead()),
                    pair("Unique IDs", report.idsUnique()), pair("Duplicates", report.duplicates()),
                    pair("Rejected before any call", report.rejectedLocally())));
            endpointTable(body, report);
            if (failedOrRejected > 0) {
                failures(body, report, failedOrRejected);
            }
        }
        List<MailRequest.Attachment> attachments = new ArrayList<>();
        if (report.sourceKey() != null && outputs.outputsFor(outputs.intakeOf(report, null)).contains("csv")) {
            csvFiles(body, report, attachments);
        }
        body.paragraph("Every result is in the ledger: <outbox>/<endpoint>/ledger-<date>.jsonl, lines with source_id "
                + (report.sourceKey() == null ? "-" : report.sourceKey()) + ".");
        return request(MailSettings.SUMMARY, to, subject, body, attachments);
    }

    /** An alert ({@code outbox/alerts/*.json}) as a mail; null for alerts that are not mailed. */
    public MailRequest alert(@Body String json, @Header("CamelFileName") String fileName) {
        List<String> to = settings.to(MailSettings.ALERT);
        JsonNode alert;
        try {
            alert = JSON.readTree(json);
        } catch (IOException e) {
            LOG.warn("Alert {} is not JSON, not mailed: {}", fileName, e.getMessage());
            return null;
        }
        String kind = alert.path("kind").asText("alert");
        if (to.isEmpty() || NOT_MAILED.contains(kind)) {
            return null;
        }
        Instant raised = instant(alert.path("raised_at").asText(null));
        if (raised != null && raised.isBefore(clock.instant().minusMillis(settings.alertMaxAgeMs()))) {
            LOG.info("Alert {} raised at {} is older than mail.alerts.max-age: not mailed", fileName, raised);
            return null;
        }
        String severity = alert.path("severity").asText("warning");
        String message = alert.path("message").asText("");
        String subject = ("error".equals(severity) ? "ALERT " : "Warning ") + kind + ": " + cut(message, 120);
        List<String[]> fields = new ArrayList<>();
        alert.fields().forEachRemaining(f -> {
            if (!"message".equals(f.getKey())) {
                fields.add(pair(f.getKey(), cells.of(f.getValue())));
            }
        });
        fields.add(pair("file", "alerts/" + fileName));
        MailBody body = new MailBody().heading(("error".equals(severity) ? "Alert: " : "Warning: ") + kind)
                .paragraph(message).fields(fields);
        return request(MailSettings.ALERT, to, subject, body, List.of());
    }

    /**
     * The changes a watch-list run found ({@code outbox/changes/*.jsonl}, one {@link ChangeEvent} a line):
     * how many per endpoint and kind of change, the first {@code mail.max-rows} with the records before and
     * after, and the change file itself.
     */
    public MailRequest changes(@Body String path, @Header(Headers.SOURCE) String source) {
        List<String> to = settings.to(MailSettings.CHANGES);
        if (to.isEmpty()) {
            return null;
        }
        Path file = Path.of(path);
        Map<String, long[]> counts = new LinkedHashMap<>();
        List<List<String>> rows = new ArrayList<>();
        long total = 0;
        String run = source;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                ChangeEvent event = JSON.readValue(line, ChangeEvent.class);
                if (run == null) {
                    run = event.source();
                }
                long[] c = counts.computeIfAbsent(event.endpoint(), k -> new long[3]);
                c[switch (String.valueOf(event.change())) {
                    case ChangeEvent.NEW -> 0;
                    case ChangeEvent.REMOVED -> 2;
                    default -> 1;
                }]++;
                total++;
                if (rows.size() < settings.maxRows()) {
                    rows.add(List.of(event.endpoint(), event.pn() != null ? event.pn() : event.query(),
                            String.valueOf(event.change()), records(event.before()), records(event.after())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the change file " + file, e);
        }
        if (total == 0) {
            return null;
        }
        String subject = total + (total == 1 ? " change" : " changes") + " in " + (run == null ? file.getFileName() : run);
        MailBody body = new MailBody().heading("Changes found by " + (run == null ? "the watch list" : run));
        List<List<String>> countRows = new ArrayList<>();
        counts.forEach((endpoint, c) -> countRows.add(List.of(endpoint, Long.toString(c[0]), Long.toString(c[1]),
                Long.toString(c[2]))));
        body.table(List.of("Endpoint", "new", "changed", "removed"), countRows, new boolean[] { false, true, true, true },
                TEXT_CELL);
        body.subheading(rows.size() < total ? "The first " + rows.size() + " of " + total + " changes" : "Changes");
        body.table(List.of("Endpoint", "Patent", "Change", "Before", "After"), rows, new boolean[5], 2 * TEXT_CELL);
        List<MailRequest.Attachment> attachments = new ArrayList<>();
        attachOrPoint(body, List.of(file), "application/x-ndjson; charset=UTF-8", "Change file", attachments);
        return request(MailSettings.CHANGES, to, subject, body, attachments);
    }

    private void endpointTable(MailBody body, SourceReport report) {
        List<List<String>> rows = new ArrayList<>();
        long[] totals = new long[6];
        report.endpoints().forEach((endpoint, t) -> {
            long[] v = { t.found(), t.empty(), t.notFound(), t.rejected(), t.failed(), t.apiCalls() };
            List<String> row = new ArrayList<>(List.of(endpoint));
            for (int i = 0; i < v.length; i++) {
                row.add(Long.toString(v[i]));
                totals[i] += v[i];
            }
            rows.add(row);
        });
        if (rows.size() > 1) {
            List<String> row = new ArrayList<>(List.of("all"));
            for (long v : totals) {
                row.add(Long.toString(v));
            }
            rows.add(row);
        }
        List<String> header = new ArrayList<>(List.of("Endpoint"));
        header.addAll(STATUSES);
        header.add("API calls");
        body.subheading("Results per endpoint").table(header, rows, new boolean[] { false, true, true, true, true, true, true },
                TEXT_CELL);
    }

    private void failures(MailBody body, SourceReport report, long total) {
        List<List<String>> rows = new ArrayList<>();
        for (String endpoint : report.endpoints().keySet()) {
            if (rows.size() >= settings.maxRows()) {
                break;
            }
            // only lines that can be failures are parsed; the scan stops once the list is full
            ledger.scan(report, endpoint, raw -> raw.contains(FAILED) || raw.contains(REJECTED), line -> {
                String status = line.path("status").asText();
                if ("failed".equals(status) || "rejected".equals(status)) {
                    rows.add(List.of(endpoint, cells.of(line.get("query")), status, cells.of(line.get("error_code")),
                            cells.of(line.get("error"))));
                }
                return rows.size() < settings.maxRows();
            });
        }
        body.subheading(rows.size() < total ? "Failed or rejected: the first " + rows.size() + " of " + total
                : "Failed or rejected");
        body.table(List.of("Endpoint", "ID", "Status", "Code", "Error"), rows, new boolean[5], TEXT_CELL);
    }

    private void csvFiles(MailBody body, SourceReport report, List<MailRequest.Attachment> attachments) {
        List<Path> files;
        try {
            files = csv.write(report);
        } catch (RuntimeException e) {
            LOG.warn("Summary of {}: the CSV files could not be made: {}", report.source(), e.getMessage());
            body.paragraph("The CSV files could not be made: " + e.getMessage());
            return;
        }
        attachOrPoint(body, files, CSV_TYPE, "CSV files", attachments);
    }

    /** Attaches the files when allowed and small enough together; otherwise says where they are. */
    private void attachOrPoint(MailBody body, List<Path> files, String contentType, String what,
            List<MailRequest.Attachment> attachments) {
        if (files.isEmpty()) {
            return;
        }
        long size = 0;
        for (Path f : files) {
            try {
                size += Files.size(f);
            } catch (IOException e) {
                size = Long.MAX_VALUE;
                break;
            }
        }
        List<String> paths = files.stream().map(f -> f.toAbsolutePath().normalize().toString()).toList();
        if (settings.attach() && size <= settings.attachMaxBytes()) {
            for (Path f : files) {
                attachments.add(new MailRequest.Attachment(f.toAbsolutePath().normalize().toString(), attachmentName(f),
                        contentType));
            }
            body.paragraph(what + " attached: " + String.join(", ", attachments.stream().map(MailRequest.Attachment::name)
                    .toList()) + "\n(on the server: " + String.join(", ", paths) + ")");
        } else {
            body.paragraph(what + (settings.attach() ? " (" + megabytes(size) + ", more than mail.attach.max-bytes)" : "")
                    + " on the server:\n" + String.join("\n", paths));
        }
    }

    /** The name an attachment gets: {@code <folder>-<file>} for CSV files, whose names repeat per source. */
    private static String attachmentName(Path file) {
        Path parent = file.getParent();
        String name = file.getFileName().toString();
        return name.endsWith(".csv") && parent != null ? parent.getFileName() + "-" + name : name;
    }

    private String records(JsonNode records) {
        if (records == null || !records.isArray() || records.isEmpty()) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder();
        Iterator<JsonNode> it = records.iterator();
        while (it.hasNext()) {
            JsonNode record = it.next();
            StringBuilder line = new StringBuilder();
            record.fields().forEachRemaining(f -> {
                if (!line.isEmpty()) {
                    line.append(", ");
                }
                line.append(f.getKey()).append(": ").append(cells.of(f.getValue()));
            });
            out.append(out.isEmpty() ? "" : "\n").append(cut(line.toString(), 300));
        }
        return out.toString();
    }

    private MailRequest request(String kind, List<String> to, String subject, MailBody body,
            List<MailRequest.Attachment> attachments) {
        Instant now = clock.instant();
        String id = ID_TIME.format(now) + "-" + kind + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        return new MailRequest(id, kind, to, settings.subject(subject), body.text(), body.html(), attachments,
                now.toString(), 0, null);
    }

    private static String took(SourceReport report) {
        Instant start = instant(report.startedAt());
        Instant end = instant(report.finishedAt());
        if (start == null || end == null) {
            return "";
        }
        Duration d = Duration.between(start, end);
        return d.toHours() > 0 ? String.format("%d h %02d min", d.toHours(), d.toMinutesPart())
                : d.toMinutes() > 0 ? String.format("%d min %02d s", d.toMinutes(), d.toSecondsPart())
                        : String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String megabytes(long bytes) {
        return bytes == Long.MAX_VALUE ? "size unknown" : String.format("%.1f MB", bytes / 1_048_576.0);
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String[] pair(String label, Object value) {
        return new String[] { label, value == null ? "" : value.toString() };
    }
}
