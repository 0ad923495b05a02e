package dev.patsnapcamel.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.patsnapcamel.flow.Outputs;
import dev.patsnapcamel.model.SourceReport;
import dev.patsnapcamel.ops.Json;
import dev.patsnapcamel.output.CellText;
import dev.patsnapcamel.output.CsvOutput;
import dev.patsnapcamel.output.OutputFixture;
import dev.patsnapcamel.support.MovingClock;

/** The HTML bodies come from templates/mail/body.ftlh: every value escaped, nothing in a value evaluated. */
class MailTemplatesTest {

    static final String HOSTILE = "<script>alert('x')</script> & \"quoted\" ${7*7} <#assign a=1>";
    static final String ESCAPED =
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot; ${7*7} " + "&lt;#assign a=1&gt;";

    @TempDir
    Path root;

    @Test
    void everyKindOfBlockEscapesItsValues() {
        String html = new MailBody(new MailTemplates())
                .heading(HOSTILE)
                .subheading(HOSTILE)
                .paragraph(HOSTILE)
                .fields(List.<String[]>of(new String[] {HOSTILE, HOSTILE}))
                .table(List.of(HOSTILE, "n"), List.of(List.of(HOSTILE, "1")), new boolean[] {false, true}, 80)
                .html();

        assertThat(html).doesNotContain("<script>").doesNotContain("<#assign").doesNotContain("49");
        assertThat(html)
                .contains(
                        "<h2>" + ESCAPED + "</h2>",
                        "<h3>" + ESCAPED + "</h3>",
                        "<p style=\"white-space:pre-wrap\">" + ESCAPED + "</p>",
                        ">" + ESCAPED + "</th><td",
                        ">" + ESCAPED + "</td>");
        assertThat(html)
                .startsWith("<!DOCTYPE html>\n<html><head><meta charset=\"UTF-8\"></head>")
                .endsWith("</table>\n</body></html>\n");
    }

    @Test
    void aHostileSourceNameIsEscapedInTheBodyAndCannotAddAHeader() throws Exception {
        MovingClock clock = new MovingClock(Instant.parse("2026-11-21T10:30:00Z"));
        OutputFixture f = new OutputFixture(root);
        MailSettings settings = new MailSettings(
                Map.of(MailSettings.SUMMARY, List.of("ops@example.com")), "[patsnap-camel]", 50, true, 100, 86_400_000);
        CellText cells = new CellText("; ");
        MailComposer composer = new MailComposer(
                settings,
                f.ledger,
                new CsvOutput(root.resolve("csv"), f.ledger, Map.of(), true, cells),
                new Outputs("mail", Map.of(), key -> Outputs.FILE),
                cells,
                clock,
                Json.mapper());
        String source = HOSTILE + "\r\nBcc: evil@example.com\r\n\r\nbody.txt";

        MailRequest mail = composer.summary(new SourceReport(
                null,
                source,
                "unreadable",
                "bad & <b>worse</b>",
                0,
                0,
                0,
                0,
                Map.of(),
                "2026-11-21T10:00:00Z",
                "2026-11-21T10:00:00Z"));

        assertThat(mail.subject())
                .doesNotContain("\r")
                .doesNotContain("\n")
                .isEqualTo("[patsnap-camel] " + HOSTILE + " Bcc: evil@example.com body.txt could not be read");
        assertThat(mail.html())
                .contains("<h2>" + ESCAPED + "\r\nBcc: evil@example.com\r\n\r\nbody.txt</h2>")
                .contains("bad &amp; &lt;b&gt;worse&lt;/b&gt;")
                .doesNotContain("<script>")
                .doesNotContain("<b>");

        MimeMessage message = new MailMessage("patsnap@example.com", clock, List.of()).of(mail);
        assertThat(message.getHeader("Bcc")).isNull();
        assertThat(message.getAllRecipients()).extracting(Object::toString).containsExactly("ops@example.com");
        assertThat(message.getSubject()).isEqualTo(mail.subject());
    }
}
