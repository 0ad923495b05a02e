package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.model.ChangeEvent;
import dev.patsnapcamel.model.OutputName;
import dev.patsnapcamel.support.LogCapture;
import dev.patsnapcamel.support.Mails;
import dev.patsnapcamel.support.Workspace;

/**
 * The CSV and mail outputs through the real {@code Main} ({@code outputs=ledger,csv,mail}), with a real SMTP
 * server (GreenMail, on a free port, with a login) that the tests read the mails back from.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/csv-mail/inbox",
            "outbox.dir=target/it/csv-mail/outbox",
            "state.dir=target/it/csv-mail/data",
            "outputs=ledger,csv,mail",
            "mail.host=127.0.0.1",
            "mail.security=none",
            "mail.username=bundle",
            "mail.password=s3cret-pw",
            "mail.from=patsnap@example.com",
            "mail.to.summary=ops@example.com, lead@example.com",
            "mail.to.alerts=oncall@example.com",
            "mail.to.changes=analyst@example.com",
            "mail.poll-ms=100",
            "mail.retry.delay=200",
            "mail.retry.max-delay=400",
            "mail.retry.alert-after=2",
            "mail.timeout=3000",
            "patsnap.stop.probe-interval=300",
            "patsnap.batch.recovery-interval=200"
        })
class CsvAndMailTest extends SandboxedBundleTest {

    static final Workspace workspace = new Workspace("csv-mail").wipe();
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> ENDPOINTS = List.of("customs", "license", "litigation");
    static final Map<String, List<String>> COLUMNS = Map.of(
            "customs",
                    List.of(
                            "record_number",
                            "record_status",
                            "start_date",
                            "end_date",
                            "product",
                            "contact",
                            "country",
                            "approval_opinion"),
            "license",
                    List.of(
                            "licensors",
                            "licensees",
                            "license_type",
                            "effective_date",
                            "contract_number",
                            "country",
                            "contract_type"),
            "litigation",
                    List.of(
                            "case_number",
                            "title",
                            "court",
                            "case_region",
                            "country",
                            "filing_date",
                            "verdict_date",
                            "plaintiff",
                            "defendant",
                            "chief_judge",
                            "judge"));
    static final Duration MAIL_WAIT = Duration.ofSeconds(20);
    static GreenMail smtp = startSmtp(0);

    @BeanInject
    CamelContext context;

    @Override
    Workspace workspace() {
        return workspace;
    }

    @BeforeEach
    void emptyMailboxes() throws Exception {
        if (!smtp.isRunning()) {
            smtp = startSmtp(port());
        }
        smtp.purgeEmailFromAllMailboxes();
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
        System.clearProperty("mail.port");
    }

    @Test
    void csvRoundTripsEveryCellOfTheLedgerIncludingCommasQuotesNewlinesAndCjk() throws IOException {
        List<String> ids = awkwardIds();
        workspace.drop("round-trip.txt", String.join("\n", ids) + "\nnot-a-patent\n");
        workspace.awaitReport("round-trip.txt", Duration.ofSeconds(30));
        awaitCsv("round-trip.txt");

        List<String> allCells = new ArrayList<>();
        for (String endpoint : ENDPOINTS) {
            Path file =
                    workspace.outbox().resolve("csv").resolve("round-trip.txt").resolve(endpoint + ".csv");
            byte[] bytes = Files.readAllBytes(file);
            // a UTF-8 byte order mark, for spreadsheet programs
            assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
            String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
            List<JsonNode> ledger = workspace.ledger(endpoint).stream()
                    .filter(l -> l.get("source").asText().equals("round-trip.txt"))
                    .toList();
            assertThat(ledger).hasSize(ids.size() + 1);

            try (Reader reader = new StringReader(text);
                    CSVParser csv = CSVParser.builder()
                            .setReader(reader)
                            .setFormat(CSVFormat.RFC4180
                                    .builder()
                                    .setHeader()
                                    .setSkipHeaderRecord(true)
                                    .get())
                            .get()) {
                List<String> header = csv.getHeaderNames();
                List<String> base = List.of(
                        "source",
                        "endpoint",
                        "query",
                        "status",
                        "pn",
                        "patent_id",
                        "error_code",
                        "error",
                        "fetched_at");
                assertThat(header.subList(0, base.size())).isEqualTo(base);
                assertThat(header.subList(
                                base.size(), base.size() + COLUMNS.get(endpoint).size()))
                        .isEqualTo(COLUMNS.get(endpoint));
                List<String> recordColumns = header.subList(base.size(), header.size());
                List<CSVRecord> rows = csv.getRecords();

                // one row per (patent, record), one for a patent without records, in ledger order
                int r = 0;
                for (JsonNode line : ledger) {
                    List<JsonNode> records = new ArrayList<>();
                    line.get("records").forEach(records::add);
                    if (records.isEmpty()) {
                        records.add(null);
                    }
                    for (JsonNode record : records) {
                        CSVRecord row = rows.get(r++);
                        assertThat(row.size()).isEqualTo(header.size());
                        for (String column : base) {
                            assertThat(row.get(column))
                                    .as("%s row %d %s", endpoint, r, column)
                                    .isEqualTo(
                                            line.hasNonNull(column)
                                                    ? line.get(column).asText()
                                                    : "");
                        }
                        for (String column : recordColumns) {
                            JsonNode value = record == null ? null : record.get(column);
                            assertThat(row.get(column))
                                    .as("%s row %d %s", endpoint, r, column)
                                    .isEqualTo(cell(value));
                        }
                        if (record != null) {
                            // no field of the record is without a column
                            record.fieldNames()
                                    .forEachRemaining(
                                            f -> assertThat(recordColumns).contains(f));
                        }
                        row.forEach(allCells::add);
                    }
                }
                assertThat(rows).hasSize(r);
            }
        }
        // the data really had the characters that need quoting
        assertThat(allCells).anyMatch(c -> c.contains(","));
        assertThat(allCells).anyMatch(c -> c.contains("\""));
        assertThat(allCells).anyMatch(c -> c.contains("\n"));
        assertThat(allCells)
                .anyMatch(c ->
                        c.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN));
        // written atomically: no temporary file left behind
        try (Stream<Path> files = Files.list(workspace.outbox().resolve("csv").resolve("round-trip.txt"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("customs.csv", "license.csv", "litigation.csv");
        }
    }

    @Test
    void summaryMailCountsPerEndpointAndStatusListsFailuresAndAttachesTheCsv() throws IOException {
        String source = "r&d <q3>.txt";
        List<String> ids = awkwardIds().subList(0, 20);
        workspace.drop(source, String.join("\n", ids) + "\nhello\n<script>\n");
        JsonNode report = workspace.awaitReport(OutputName.of(source), Duration.ofSeconds(30));

        Mails mail = Mails.await(smtp, MAIL_WAIT, Mails.to("ops@example.com").and(Mails.subjectContains(source)));
        assertThat(mail.subject()).isEqualTo("[patsnap-camel] r&d <q3>.txt: 22 IDs done, 6 failed or rejected");
        assertThat(mail.from()).isEqualTo("patsnap@example.com");
        assertThat(mail.recipients()).containsExactly("ops@example.com", "lead@example.com");
        // the same counts as the report, per endpoint and status, in both bodies
        List<List<String>> htmlRows = mail.htmlRows();
        for (String endpoint : ENDPOINTS) {
            JsonNode t = report.at("/endpoints/" + endpoint);
            List<String> expected = List.of(
                    endpoint,
                    t.get("found").asText(),
                    t.get("empty").asText(),
                    t.get("not_found").asText(),
                    t.get("rejected").asText(),
                    t.get("failed").asText(),
                    t.get("api_calls").asText(),
                    t.get("billed_results").asText());
            assertThat(htmlRows).contains(expected);
            assertThat(t.get("billed_results").asLong())
                    .as("billed: the found and empty answers")
                    .isEqualTo(t.get("found").asLong() + t.get("empty").asLong());
            assertThat(mail.text().lines())
                    .anyMatch(l -> List.of(l.trim().split("\\s+")).equals(expected));
            assertThat(t.get("rejected").asLong()).isEqualTo(2);
        }
        // failures: both locally rejected values, for every endpoint, as in the ledger
        for (String endpoint : ENDPOINTS) {
            for (JsonNode line : workspace.ledger(endpoint)) {
                if (line.get("source").asText().equals(source)
                        && line.get("status").asText().equals("rejected")) {
                    assertThat(htmlRows)
                            .contains(List.of(
                                    endpoint,
                                    line.get("query").asText(),
                                    "rejected",
                                    "INVALID_ID",
                                    line.get("error").asText()));
                }
            }
        }
        assertThat(htmlRows).anyMatch(r -> r.get(1).equals("<script>"));
        assertThat(mail.text()).contains("Failed or rejected").contains("<script>");
        // user data is escaped in the HTML
        assertThat(mail.html())
                .contains("r&amp;d &lt;q3&gt;.txt")
                .doesNotContain("<q3>")
                .doesNotContain("<script>");
        // the CSV files, attached
        String name = OutputName.of(source);
        Path folder = workspace.outbox().resolve("csv").resolve(name);
        assertThat(mail.attachments())
                .containsOnlyKeys(name + "-customs.csv", name + "-license.csv", name + "-litigation.csv");
        for (String endpoint : ENDPOINTS) {
            assertThat(mail.attachments().get(name + "-" + endpoint + ".csv"))
                    .isEqualTo(Files.readAllBytes(folder.resolve(endpoint + ".csv")));
        }
        // sent once, to both recipients; the outbox is empty again
        await().atMost(MAIL_WAIT)
                .until(() -> listNames(workspace.outbox().resolve("mail")).isEmpty());
        assertThat(Arrays.stream(smtp.getReceivedMessages()).filter(Mails.subjectContains(source)))
                .hasSize(2);
    }

    @Test
    void anAccountStopIsMailedAsAnAlert() throws IOException {
        sandbox.settings().injectError(null, 67200005, -1);
        workspace.drop("stopped.txt", "US11205304B2\nCN1394453A\n");

        Mails mail = Mails.await(
                smtp, MAIL_WAIT, Mails.to("oncall@example.com").and(Mails.subjectContains("account-stopped")));
        sandbox.settings().clearInjections();

        Path alertFile = alertFiles().stream()
                .filter(p -> p.toString().endsWith("-account-stopped.json"))
                .findFirst()
                .orElseThrow();
        JsonNode alert = JSON.readTree(alertFile.toFile());
        assertThat(alert.get("message").asText()).contains("67200005");
        assertThat(mail.subject()).startsWith("[patsnap-camel] ALERT account-stopped: PatSnap refused calls");
        assertThat(mail.text())
                .contains(alert.get("message").asText())
                .contains("67200005")
                .contains(alertFile.getFileName().toString());
        assertThat(mail.htmlRows()).contains(List.of("code", "67200005"), List.of("severity", "error"));
        // the alert file stays where scripts look for it, and the work resumes
        assertThat(alertFile).exists();
        workspace.awaitReport("stopped.txt", Duration.ofSeconds(20));
        // mailed once, even though the folder is looked at again and again
        Mails.await(smtp, MAIL_WAIT, Mails.to("ops@example.com").and(Mails.subjectContains("stopped.txt")));
        assertThat(Arrays.stream(smtp.getReceivedMessages()).filter(Mails.subjectContains("account-stopped")))
                .hasSize(1);
    }

    @Test
    void aChangeFileIsMailedAsAChangeNotification() throws IOException {
        String run = "watchlist:watchlist.txt:2026-11-21T02:00:00Z";
        Path changes =
                Files.createDirectories(workspace.outbox().resolve("changes")).resolve("watchlist-run.jsonl");
        List<ChangeEvent> events = List.of(
                new ChangeEvent(
                        run,
                        "litigation",
                        "CN1394453A",
                        ChangeEvent.NEW,
                        "CN1394453A",
                        "p-1",
                        JSON.createArrayNode(),
                        JSON.readTree("[{\"case_number\":\"(2017)京73行初8028号\",\"court\":\"北京知识产权法院\","
                                + "\"plaintiff\":[{\"lang\":\"CN\",\"name\":\"西斯威尔国际有限公司\",\"sequence\":1}]}]"),
                        "watchlist:watchlist.txt:2026-11-20T02:00:00Z",
                        "2026-11-21T02:00:09Z"),
                new ChangeEvent(
                        run,
                        "license",
                        "US11205304B2",
                        ChangeEvent.CHANGED,
                        "US11205304B2",
                        "p-2",
                        JSON.readTree("[{\"license_type\":[\"Exclusive\"]}]"),
                        JSON.readTree(
                                "[{\"license_type\":[\"Non-exclusive\"],\"licensees\":[{\"name\":\"<b>ACME</b> & Co\"}]}]"),
                        "watchlist:watchlist.txt:2026-11-20T02:00:00Z",
                        "2026-11-21T02:00:09Z"),
                new ChangeEvent(
                        run,
                        "license",
                        "EP3000000B1",
                        ChangeEvent.REMOVED,
                        "EP3000000B1",
                        "p-3",
                        JSON.readTree("[{\"license_type\":[\"Sole\"]}]"),
                        JSON.createArrayNode(),
                        "watchlist:watchlist.txt:2026-11-20T02:00:00Z",
                        "2026-11-21T02:00:09Z"));
        StringBuilder lines = new StringBuilder();
        for (ChangeEvent e : events) {
            lines.append(JSON.writeValueAsString(e)).append('\n');
        }
        Files.writeString(changes, lines.toString());

        ProducerTemplate template = context.createProducerTemplate();
        template.sendBodyAndHeaders(
                "direct:changes-to-mail", changes.toString(), Map.of("PatsnapSource", run, "PatsnapChangeCount", 3));

        Mails mail = Mails.await(smtp, MAIL_WAIT, Mails.to("analyst@example.com"));
        assertThat(mail.subject()).isEqualTo("[patsnap-camel] 3 changes in " + run);
        List<List<String>> rows = mail.htmlRows();
        assertThat(rows).contains(List.of("litigation", "1", "0", "0"), List.of("license", "0", "1", "1"));
        assertThat(rows)
                .contains(List.of(
                        "litigation",
                        "CN1394453A",
                        "new",
                        "(none)",
                        "case_number: (2017)京73行初8028号, court: 北京知识产权法院, plaintiff: 西斯威尔国际有限公司"));
        assertThat(rows)
                .contains(List.of(
                        "license",
                        "US11205304B2",
                        "changed",
                        "license_type: Exclusive",
                        "license_type: Non-exclusive, licensees: <b>ACME</b> & Co"));
        assertThat(mail.html()).contains("&lt;b&gt;ACME&lt;/b&gt; &amp; Co").doesNotContain("<b>ACME");
        assertThat(mail.text()).contains("西斯威尔国际有限公司").contains("EP3000000B1");
        assertThat(mail.attachments()).containsOnlyKeys("watchlist-run.jsonl");
        assertThat(new String(mail.attachments().get("watchlist-run.jsonl"), StandardCharsets.UTF_8))
                .isEqualTo(lines.toString());
    }

    @Test
    void aMailFileDroppedIntoTheOutboxBySomeoneElseIsNeverSent() throws IOException {
        Path folder = Files.createDirectories(workspace.outbox().resolve("mail"));
        Path secret = Files.writeString(workspace.root().resolve("not-for-mail.txt"), "top secret");
        String name = "20260101000000000-summary-foreign.json";
        Map<String, Object> foreign = new java.util.LinkedHashMap<>();
        foreign.put("id", "20260101000000000-summary-foreign");
        foreign.put("kind", "summary");
        foreign.put("to", List.of("ops@example.com"));
        foreign.put("subject", "foreign mail with a secret");
        foreign.put("text", "t");
        foreign.put("html", "<p>h</p>");
        foreign.put(
                "attachments",
                List.of(Map.of("path", secret.toString(), "name", "s.txt", "content_type", "text/plain")));
        foreign.put("created_at", "2026-01-01T00:00:00Z");
        foreign.put("attempts", 0);
        foreign.put("seal", "made-up");
        try (LogCapture log = LogCapture.attach()) {
            JSON.writeValue(folder.resolve(name).toFile(), foreign);
            // the bundle's own mail, queued after it, goes out
            workspace.drop("after-foreign.txt", "US11205304B2\n");
            Mails.await(smtp, MAIL_WAIT, Mails.to("ops@example.com").and(Mails.subjectContains("after-foreign.txt")));
            await().atMost(MAIL_WAIT)
                    .until(() -> Files.exists(folder.resolve(".foreign").resolve(name)));

            assertThat(Arrays.stream(smtp.getReceivedMessages()).filter(Mails.subjectContains("foreign mail")))
                    .isEmpty();
            assertThat(folder.resolve(name)).doesNotExist();
            assertThat(log.messages(org.apache.logging.log4j.Level.WARN).stream()
                            .filter(m -> m.contains("was not queued by this bundle")))
                    .singleElement()
                    .asString()
                    .contains(name);
        }
    }

    @Test
    void aDeadMailServerNeitherStallsNorLosesAnythingAndMailsFlowWhenItIsBack() throws Exception {
        smtp.stop();
        List<String> ids = awkwardIds().subList(0, 10);
        workspace.drop("while-down.txt", String.join("\n", ids));

        // the data path completes without the mail server
        workspace.awaitReport("while-down.txt", Duration.ofSeconds(30));
        for (String endpoint : ENDPOINTS) {
            assertThat(workspace.ledger(endpoint).stream()
                            .filter(l -> l.get("source").asText().equals("while-down.txt")))
                    .hasSize(ids.size());
        }
        awaitCsv("while-down.txt");
        // the mail is retried, an alert raised after two attempts, and the mail kept
        await().atMost(MAIL_WAIT)
                .until(() -> alertFiles().stream().anyMatch(p -> p.toString().endsWith("-mail-failed.json")));
        JsonNode alert = JSON.readTree(alertFiles().stream()
                .filter(p -> p.toString().endsWith("-mail-failed.json"))
                .findFirst()
                .orElseThrow()
                .toFile());
        assertThat(alert.get("message").asText())
                .contains("while-down.txt")
                .contains("could not be sent after 2 attempts");
        assertThat(alert.get("attempts").asInt()).isEqualTo(2);
        List<String> waiting = listNames(workspace.outbox().resolve("mail"));
        assertThat(waiting).singleElement().asString().contains("-summary-");
        assertThat(JSON.readTree(workspace
                                .outbox()
                                .resolve("mail")
                                .resolve(waiting.get(0))
                                .toFile())
                        .get("attempts")
                        .asInt())
                .isGreaterThanOrEqualTo(2);

        // the server comes back: the waiting mail goes out, and later mails flow
        smtp = startSmtp(port());
        Mails.await(smtp, MAIL_WAIT, Mails.to("ops@example.com").and(Mails.subjectContains("while-down.txt")));
        workspace.drop("after.txt", String.join("\n", ids.subList(0, 3)));
        Mails.await(smtp, MAIL_WAIT, Mails.to("ops@example.com").and(Mails.subjectContains("after.txt")));
        await().atMost(MAIL_WAIT)
                .until(() -> listNames(workspace.outbox().resolve("mail")).isEmpty());
        // an alert about mail is not mailed (the mail server is what failed)
        assertThat(Arrays.stream(smtp.getReceivedMessages()).filter(Mails.subjectContains("mail-failed")))
                .isEmpty();
    }

    // ------------------------------------------------------------------------------------------

    /** Patents of several authorities: CJK names, commas, quotes, apostrophes and line breaks in the records. */
    static List<String> awkwardIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add("US" + (20_000_000 + i * 7919) + "B2");
            ids.add("CN" + (110_000_000 + i * 7919) + "A");
            ids.add("JP" + (6_000_000 + i * 7919) + "B2");
            ids.add("DE" + (10_200_000 + i * 7919) + "A1");
        }
        return ids;
    }

    /** A record value as a cell: text as is, parties by name and lists joined with "; ", other structures as JSON. */
    static String cell(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(v -> parts.add(v.isObject() ? v.get("name").asText() : v.asText()));
            return String.join("; ", parts);
        }
        return value.isObject() ? value.get("name").asText() : value.asText();
    }

    /** The CSV files (written by report-to-csv, before the report). */
    static void awaitCsv(String folder) {
        await().atMost(MAIL_WAIT)
                .until(() -> ENDPOINTS.stream()
                        .allMatch(e -> Files.exists(workspace
                                .outbox()
                                .resolve("csv")
                                .resolve(folder)
                                .resolve(e + ".csv"))));
    }

    static List<Path> alertFiles() throws IOException {
        Path folder = workspace.outbox().resolve("alerts");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    static List<String> listNames(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .toList();
        }
    }

    static int port() {
        return Integer.parseInt(System.getProperty("mail.port"));
    }

    /** GreenMail with the bundle's login, on a free port (0) or the given one; its port becomes mail.port. */
    static GreenMail startSmtp(int port) {
        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.setUser("patsnap@example.com", "bundle", "s3cret-pw");
        server.start();
        System.setProperty("mail.port", Integer.toString(server.getSmtp().getPort()));
        return server;
    }
}
