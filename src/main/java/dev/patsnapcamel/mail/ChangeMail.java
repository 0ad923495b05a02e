package dev.patsnapcamel.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.model.ChangeEvent;
import dev.patsnapcamel.output.CellText;

/**
 * The mail of the changes a watch-list run found ({@code outbox/changes/*.jsonl}, one {@link ChangeEvent} a
 * line): how many per endpoint and kind of change, the first {@code mail.max-rows} with the records before
 * and after, and the change file itself.
 */
final class ChangeMail {

    private static final String CHANGE_FILE_TYPE = "application/x-ndjson; charset=UTF-8";

    private final MailSettings settings;
    private final CellText cells;
    private final MailAttachments files;
    private final MailTemplates templates;
    private final ObjectMapper json;

    ChangeMail(
            MailSettings settings, CellText cells, MailAttachments files, MailTemplates templates, ObjectMapper json) {
        this.settings = settings;
        this.cells = cells;
        this.files = files;
        this.templates = templates;
        this.json = json;
    }

    /** The mail of the change file; null when it holds no change. */
    MailDraft of(Path file, String source) {
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
                ChangeEvent event = json.readValue(line, ChangeEvent.class);
                if (run == null) {
                    run = event.source();
                }
                long[] c = counts.computeIfAbsent(event.endpoint(), k -> new long[3]);
                c[
                        switch (String.valueOf(event.change())) {
                            case ChangeEvent.NEW -> 0;
                            case ChangeEvent.REMOVED -> 2;
                            default -> 1;
                        }]++;
                total++;
                if (rows.size() < settings.maxRows()) {
                    rows.add(List.of(
                            event.endpoint(),
                            event.pn() != null ? event.pn() : event.query(),
                            String.valueOf(event.change()),
                            records(event.before()),
                            records(event.after())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the change file " + file, e);
        }
        if (total == 0) {
            return null;
        }
        String subject =
                total + (total == 1 ? " change" : " changes") + " in " + (run == null ? file.getFileName() : run);
        MailBody body = new MailBody(templates).heading("Changes found by " + (run == null ? "the watch list" : run));
        List<List<String>> countRows = new ArrayList<>();
        counts.forEach((endpoint, c) ->
                countRows.add(List.of(endpoint, Long.toString(c[0]), Long.toString(c[1]), Long.toString(c[2]))));
        body.table(
                List.of("Endpoint", "new", "changed", "removed"),
                countRows,
                new boolean[] {false, true, true, true},
                MailComposer.TEXT_CELL);
        body.subheading(rows.size() < total ? "The first " + rows.size() + " of " + total + " changes" : "Changes");
        body.table(
                List.of("Endpoint", "Patent", "Change", "Before", "After"),
                rows,
                new boolean[5],
                2 * MailComposer.TEXT_CELL);
        List<MailRequest.Attachment> attachments = new ArrayList<>();
        files.attachOrPoint(body, List.of(file), CHANGE_FILE_TYPE, "Change file", attachments);
        return new MailDraft(subject, body, attachments);
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
            out.append(out.isEmpty() ? "" : "\n").append(MailComposer.cut(line.toString(), 300));
        }
        return out.toString();
    }
}
