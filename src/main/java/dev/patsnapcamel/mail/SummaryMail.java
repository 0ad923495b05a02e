package dev.patsnapcamel.mail;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.patsnapcamel.flow.Outputs;
import dev.patsnapcamel.flow.SourceLedger;
import dev.patsnapcamel.model.SourceReport;
import dev.patsnapcamel.output.CellText;
import dev.patsnapcamel.output.CsvOutput;

/**
 * The summary mail of a finished source: counts per endpoint and status, the IDs that failed or were
 * rejected (the first {@code mail.max-rows}), and the CSV files, attached or pointed to, when the
 * source's outputs include {@code csv} (made here if the CSV output has not made them yet).
 */
record SummaryMail(
        MailSettings settings,
        SourceLedger ledger,
        CsvOutput csv,
        Outputs outputs,
        CellText cells,
        MailAttachments files,
        MailTemplates templates) {

    private static final Logger LOG = LoggerFactory.getLogger(SummaryMail.class);
    private static final List<String> STATUSES = List.of("found", "empty", "not_found", "rejected", "failed");
    private static final String CSV_TYPE = "text/csv; charset=UTF-8";
    private static final String FAILED = "\"status\":\"failed\"";
    private static final String REJECTED = "\"status\":\"rejected\"";

    MailDraft of(SourceReport report) {
        long failedOrRejected = 0;
        for (SourceReport.EndpointTally t : report.endpoints().values()) {
            failedOrRejected += t.failed() + t.rejected();
        }
        String subject;
        MailBody body = new MailBody(templates);
        if (report.error() != null || report.sourceKey() == null) {
            subject = report.source() + " could not be read";
            body.heading(report.source())
                    .paragraph("This input could not be read; no ID of it was sent to PatSnap.")
                    .fields(List.of(
                            MailComposer.pair("Status", report.status()),
                            MailComposer.pair("Reason", report.error()),
                            MailComposer.pair("At", report.finishedAt())));
        } else {
            subject = report.source() + ": " + report.idsUnique() + " IDs done"
                    + (failedOrRejected > 0 ? ", " + failedOrRejected + " failed or rejected" : "");
            body.heading(report.source())
                    .fields(List.of(
                            MailComposer.pair("Status", report.status()),
                            MailComposer.pair("Started", report.startedAt()),
                            MailComposer.pair("Finished", report.finishedAt()),
                            MailComposer.pair("Took", took(report)),
                            MailComposer.pair("IDs read", report.idsRead()),
                            MailComposer.pair("Unique IDs", report.idsUnique()),
                            MailComposer.pair("Duplicates", report.duplicates()),
                            MailComposer.pair("Rejected before any call", report.rejectedLocally())));
            endpointTable(body, report);
            if (failedOrRejected > 0) {
                failures(body, report, failedOrRejected);
            }
        }
        List<MailRequest.Attachment> attachments = new ArrayList<>();
        if (report.sourceKey() != null
                && outputs.outputsFor(outputs.intakeOf(report, null)).contains("csv")) {
            csvFiles(body, report, attachments);
        }
        body.paragraph("Every result is in the ledger: <outbox>/<endpoint>/ledger-<date>.jsonl, lines with source_id "
                + (report.sourceKey() == null ? "-" : report.sourceKey()) + ".");
        return new MailDraft(subject, body, attachments);
    }

    private void endpointTable(MailBody body, SourceReport report) {
        List<List<String>> rows = new ArrayList<>();
        long[] totals = new long[7];
        report.endpoints().forEach((endpoint, t) -> {
            long[] v = {t.found(), t.empty(), t.notFound(), t.rejected(), t.failed(), t.apiCalls(), t.billedResults()};
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
        header.add("Billed results");
        body.subheading("Results per endpoint")
                .table(
                        header,
                        rows,
                        new boolean[] {false, true, true, true, true, true, true, true},
                        MailComposer.TEXT_CELL);
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
                    rows.add(List.of(
                            endpoint,
                            cells.of(line.get("query")),
                            status,
                            cells.of(line.get("error_code")),
                            cells.of(line.get("error"))));
                }
                return rows.size() < settings.maxRows();
            });
        }
        body.subheading(
                rows.size() < total
                        ? "Failed or rejected: the first " + rows.size() + " of " + total
                        : "Failed or rejected");
        body.table(List.of("Endpoint", "ID", "Status", "Code", "Error"), rows, new boolean[5], MailComposer.TEXT_CELL);
    }

    private void csvFiles(MailBody body, SourceReport report, List<MailRequest.Attachment> attachments) {
        List<Path> made;
        try {
            made = csv.write(report);
        } catch (RuntimeException e) {
            LOG.warn("Summary of {}: the CSV files could not be made: {}", report.source(), e.getMessage());
            body.paragraph("The CSV files could not be made: " + e.getMessage());
            return;
        }
        files.attachOrPoint(body, made, CSV_TYPE, "CSV files", attachments);
    }

    private static String took(SourceReport report) {
        Instant start = MailComposer.instant(report.startedAt());
        Instant end = MailComposer.instant(report.finishedAt());
        if (start == null || end == null) {
            return "";
        }
        Duration d = Duration.between(start, end);
        return d.toHours() > 0
                ? String.format("%d h %02d min", d.toHours(), d.toMinutesPart())
                : d.toMinutes() > 0
                        ? String.format("%d min %02d s", d.toMinutes(), d.toSecondsPart())
                        : String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
