package dev.patsnapcamel.mail;

import static dev.patsnapcamel.output.OutputFixture.line;
import static dev.patsnapcamel.output.OutputFixture.report;
import static dev.patsnapcamel.output.OutputFixture.tally;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.patsnapcamel.flow.Outputs;
import dev.patsnapcamel.model.OutputName;
import dev.patsnapcamel.model.SourceReport;
import dev.patsnapcamel.ops.Json;
import dev.patsnapcamel.output.CellText;
import dev.patsnapcamel.output.CsvOutput;
import dev.patsnapcamel.output.OutputFixture;
import dev.patsnapcamel.support.MovingClock;

class MailComposerTest {

    @TempDir
    Path root;

    final MovingClock clock = new MovingClock(Instant.parse("2026-11-21T10:30:00Z"));

    MailComposer composer(
            OutputFixture f, String outputs, Map<String, List<String>> recipients, int maxRows, long attachMax) {
        CsvOutput csv = new CsvOutput(root.resolve("csv"), f.ledger, Map.of(), true, new CellText("; "));
        MailSettings settings = new MailSettings(recipients, "[patsnap-camel]", maxRows, true, attachMax, 86_400_000);
        return new MailComposer(
                settings,
                f.ledger,
                csv,
                new Outputs(outputs, Map.of(), key -> Outputs.FILE),
                new CellText("; "),
                clock,
                Json.mapper());
    }

    @Test
    void summaryListsCountsAndTheFirstFailuresAlignedInTextAndEscapedInHtml() {
        OutputFixture f = new OutputFixture(root);
        f.ledgerLines(
                "litigation",
                "2026-11-21",
                line(
                        "s1",
                        "专利 <list>.txt",
                        "litigation",
                        "CN1394453A",
                        "found",
                        "[{\"title\":\"西斯威尔国际有限公司与国家知识产权局\"}]",
                        null,
                        null),
                line("s1", "专利 <list>.txt", "litigation", "US1B2", "failed", null, "67200100", "server busy"),
                line("s1", "专利 <list>.txt", "litigation", "US2B2", "failed", null, "67200100", "server busy"),
                line("s1", "专利 <list>.txt", "litigation", "US3B2", "rejected", null, "68300004", "bad <id> & more"));
        Map<String, SourceReport.EndpointTally> tallies = new LinkedHashMap<>();
        tallies.put("litigation", tally(1, 0, 0, 1, 2, 2));
        MailComposer composer =
                composer(f, "csv,mail", Map.of(MailSettings.SUMMARY, List.of("ops@example.com")), 2, 10_000_000);

        MailRequest mail = composer.summary(
                report("s1", "专利 <list>.txt", tallies, "2026-11-21T10:00:00Z", "2026-11-21T10:12:30Z"));

        assertThat(mail.kind()).isEqualTo("summary");
        assertThat(mail.to()).containsExactly("ops@example.com");
        assertThat(mail.subject()).isEqualTo("[patsnap-camel] 专利 <list>.txt: 4 IDs done, 3 failed or rejected");
        assertThat(mail.id()).startsWith("20261121103000000-summary-");
        assertThat(mail.text())
                .containsPattern("Took: +12 min 30 s\n")
                .contains("litigation      1      0          0         1       2          2")
                .contains("Failed or rejected: the first 2 of 3")
                .contains("litigation  US1B2  failed  67200100  server busy")
                .doesNotContain("US3B2");
        assertThat(mail.html()).contains("专利 &lt;list&gt;.txt").doesNotContain("<list>");
        // the CSV output is on: its files are made and attached
        assertThat(mail.attachments())
                .extracting(MailRequest.Attachment::name)
                .containsExactly(OutputName.of("专利 <list>.txt") + "-litigation.csv");
        assertThat(Path.of(mail.attachments().get(0).path())).exists();
        assertThat(mail.attachments().get(0).contentType()).isEqualTo("text/csv; charset=UTF-8");
    }

    @Test
    void largeFilesAreNotAttachedButPointedTo() {
        OutputFixture f = new OutputFixture(root);
        f.ledgerLines("license", "2026-11-21", line("s1", "a.txt", "license", "US1B2", "empty", null, null, null));
        MailComposer composer =
                composer(f, "mail,csv", Map.of(MailSettings.SUMMARY, List.of("ops@example.com")), 50, 10);

        MailRequest mail = composer.summary(report(
                "s1",
                "a.txt",
                Map.of("license", tally(0, 1, 0, 0, 0, 1)),
                "2026-11-21T10:00:00Z",
                "2026-11-21T10:00:02Z"));

        assertThat(mail.attachments()).isEmpty();
        assertThat(mail.text())
                .contains("more than mail.attach.max-bytes")
                .contains(root.resolve("csv")
                        .resolve("a.txt")
                        .resolve("license.csv")
                        .toAbsolutePath()
                        .toString());
    }

    @Test
    void noRecipientsNoMailAndAlertsAboutMailAreNotMailed() {
        OutputFixture f = new OutputFixture(root);
        MailComposer composer = composer(f, "mail", Map.of(MailSettings.ALERT, List.of("oncall@example.com")), 50, 100);

        assertThat(composer.summary(report("s1", "a.txt", Map.of(), "2026-11-21T10:00:00Z", "2026-11-21T10:00:00Z")))
                .isNull();
        assertThat(composer.alert(
                        "{\"kind\":\"mail-failed\",\"severity\":\"warning\",\"message\":\"x\","
                                + "\"raised_at\":\"2026-11-21T10:29:00Z\"}",
                        "a-mail-failed.json"))
                .isNull();
        // an old alert (bundle started with mail newly configured) is not mailed
        assertThat(composer.alert(
                        "{\"kind\":\"account-stopped\",\"severity\":\"error\",\"message\":\"x\","
                                + "\"raised_at\":\"2026-11-19T10:29:00Z\"}",
                        "old-account-stopped.json"))
                .isNull();
        MailRequest alert = composer.alert(
                "{\"kind\":\"endpoint-stopped\",\"severity\":\"error\",\"message\":\"PatSnap "
                        + "refused <license> with 67200004\",\"code\":\"67200004\",\"raised_at\":\"2026-11-21T10:29:00Z\"}",
                "x-endpoint-stopped.json");
        assertThat(alert.subject())
                .isEqualTo("[patsnap-camel] ALERT endpoint-stopped: PatSnap refused <license> with 67200004");
        assertThat(alert.html()).contains("PatSnap refused &lt;license&gt; with 67200004");
        assertThat(alert.text())
                .containsPattern("code: +67200004\n")
                .containsPattern("file: +alerts/x-endpoint-stopped.json");
    }

    @Test
    void anUnreadableSourceGetsAShortSummary() {
        OutputFixture f = new OutputFixture(root);
        MailComposer composer =
                composer(f, "csv,mail", Map.of(MailSettings.SUMMARY, List.of("ops@example.com")), 50, 100);

        MailRequest mail = composer.summary(new SourceReport(
                null,
                "photo.jpg",
                "unreadable",
                "not a text file",
                0,
                0,
                0,
                0,
                Map.of(),
                "2026-11-21T10:00:00Z",
                "2026-11-21T10:00:00Z"));

        assertThat(mail.subject()).isEqualTo("[patsnap-camel] photo.jpg could not be read");
        assertThat(mail.text()).contains("Reason: not a text file");
        assertThat(mail.attachments()).isEmpty();
        assertThat(root.resolve("csv")).doesNotExist();
    }

    @Test
    void wideCharactersCountTwiceInTextColumns() throws Exception {
        MailBody body = new MailBody(new MailTemplates())
                .table(
                        List.of("Name", "n"),
                        List.of(List.of("北京", "1"), List.of("Acme", "22")),
                        new boolean[] {false, true},
                        80);
        assertThat(body.text().lines().toList()).containsExactly("Name   n", "----  --", "北京   1", "Acme  22");
        assertThat(Files.exists(root)).isTrue();
    }
}
