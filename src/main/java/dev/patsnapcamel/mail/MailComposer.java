package dev.patsnapcamel.mail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.flow.Outputs;
import dev.patsnapcamel.flow.SourceLedger;
import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.SourceReport;
import dev.patsnapcamel.output.CellText;
import dev.patsnapcamel.output.CsvOutput;

/**
 * Writes the mails (plain text and HTML) the mail output sends: the summary of a finished source, an
 * alert, the changes a watch-list run found. Each method returns the {@link MailRequest} to queue in the
 * mail outbox, or null when that kind of mail has no recipients (or the alert is not one to mail). The
 * summary is made by {@link SummaryMail}, the change mail by {@link ChangeMail}; the HTML bodies come from
 * the templates in {@code templates/mail/} ({@link MailTemplates}).
 */
public final class MailComposer {

    private static final Logger LOG = LoggerFactory.getLogger(MailComposer.class);
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);
    /** Widest cell of a table in the plain-text body. */
    static final int TEXT_CELL = 80;
    /** Alerts about mail itself are never mailed: the mail server is what failed (and it would loop). */
    static final Set<String> NOT_MAILED = Set.of(MailOutbox.MAIL_FAILED);

    private final MailSettings settings;
    private final CellText cells;
    private final Clock clock;
    private final ObjectMapper json;
    private final MailTemplates templates = new MailTemplates();
    private final SummaryMail summaries;
    private final ChangeMail changes;

    public MailComposer(
            MailSettings settings,
            SourceLedger ledger,
            CsvOutput csv,
            Outputs outputs,
            CellText cells,
            Clock clock,
            ObjectMapper json) {
        this.settings = settings;
        this.cells = cells;
        this.clock = clock;
        this.json = json;
        MailAttachments files = new MailAttachments(settings);
        this.summaries = new SummaryMail(settings, ledger, csv, outputs, cells, files, templates);
        this.changes = new ChangeMail(settings, cells, files, templates, json);
    }

    /**
     * The summary of a finished source ({@link SummaryMail}): counts per endpoint and status, the IDs that
     * failed or were rejected, the CSV files.
     */
    public MailRequest summary(@Body SourceReport report) {
        List<String> to = settings.to(MailSettings.SUMMARY);
        return to.isEmpty() ? null : request(MailSettings.SUMMARY, to, summaries.of(report));
    }

    /** An alert ({@code outbox/alerts/*.json}) as a mail; null for alerts that are not mailed. */
    public MailRequest alert(@Body String json, @Header("CamelFileName") String fileName) {
        List<String> to = settings.to(MailSettings.ALERT);
        JsonNode alert;
        try {
            alert = this.json.readTree(json);
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
        MailBody body = new MailBody(templates)
                .heading(("error".equals(severity) ? "Alert: " : "Warning: ") + kind)
                .paragraph(message)
                .fields(fields);
        return request(MailSettings.ALERT, to, new MailDraft(subject, body, List.of()));
    }

    /**
     * The changes a watch-list run found ({@link ChangeMail}); null when there are no recipients or no
     * changes.
     */
    public MailRequest changes(@Body String path, @Header(Headers.SOURCE) String source) {
        List<String> to = settings.to(MailSettings.CHANGES);
        if (to.isEmpty()) {
            return null;
        }
        MailDraft draft = changes.of(Path.of(path), source);
        return draft == null ? null : request(MailSettings.CHANGES, to, draft);
    }

    private MailRequest request(String kind, List<String> to, MailDraft draft) {
        Instant now = clock.instant();
        String id = ID_TIME.format(now) + "-" + kind + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        return new MailRequest(
                id,
                kind,
                to,
                settings.subject(draft.subject()),
                draft.body().text(),
                draft.body().html(),
                draft.attachments(),
                now.toString(),
                0,
                null);
    }

    static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static String[] pair(String label, Object value) {
        return new String[] {label, value == null ? "" : value.toString()};
    }
}
