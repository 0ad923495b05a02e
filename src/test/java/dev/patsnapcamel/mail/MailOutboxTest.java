package dev.patsnapcamel.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.ops.Alerts;
import dev.patsnapcamel.ops.Json;
import dev.patsnapcamel.support.LogCapture;
import dev.patsnapcamel.support.MovingClock;

class MailOutboxTest {

    static final ObjectMapper JSON = Json.mapper();

    @TempDir
    Path root;

    final MovingClock clock = new MovingClock(Instant.parse("2026-11-21T10:00:00Z"));

    MailOutbox outbox() {
        return new MailOutbox(
                root.resolve("outbox/mail"),
                "patsnap@example.com",
                new Alerts(root.resolve("outbox"), clock, JSON),
                clock,
                JSON,
                Duration.ofSeconds(10),
                Duration.ofMinutes(10),
                3,
                Duration.ofHours(24),
                seal,
                List.of(root));
    }

    final MailSeal seal = MailSeal.random(JSON);

    @Test
    void onlyFilesSealedHereAreSentAnythingElseIsSetAsideOnce() throws Exception {
        MailOutbox outbox = outbox();
        MailRequest request = request("[patsnap-camel] a.txt: 3 IDs done");
        Path folder = Files.createDirectories(root.resolve("outbox/mail"));
        Path sealed = Files.write(folder.resolve(request.fileName()), outbox.sealed(request));
        assertThat(JSON.readTree(sealed.toFile()).get("seal").asText()).isNotBlank();
        assertThat(outbox.setAsideIfForeign(sealed.toString())).isFalse();
        // a failed attempt rewrites the file: still sealed
        outbox.retryLater(sealed.toString(), "Couldn't connect to host");
        assertThat(outbox.setAsideIfForeign(sealed.toString())).isFalse();

        // dropped by someone else: no seal, a made-up seal, a sealed file edited, another installation's seal
        Path unsealed = folder.resolve("20261121100000001-summary-x.json");
        JSON.writeValue(unsealed.toFile(), request("free mail"));
        Path madeUp = folder.resolve("20261121100000002-summary-y.json");
        Files.writeString(
                madeUp,
                new String(outbox.sealed(request("made up")), StandardCharsets.UTF_8)
                        .replaceAll("\"seal\":\"[^\"]+\"", "\"seal\":\"AAAA\""));
        Path edited = folder.resolve("20261121100000003-summary-z.json");
        Files.writeString(
                edited,
                new String(outbox.sealed(request("edited")), StandardCharsets.UTF_8)
                        .replace("ops@example.com", "evil@example.com"));
        Path otherKey = Files.write(
                folder.resolve("20261121100000004-summary-w.json"),
                new MailOutbox(
                                folder,
                                "x@example.com",
                                null,
                                clock,
                                JSON,
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(1),
                                1,
                                Duration.ofHours(1),
                                MailSeal.random(JSON),
                                List.of())
                        .sealed(request("other")));
        Path notJson = Files.writeString(folder.resolve("20261121100000005-summary-v.json"), "{not json");
        try (LogCapture log = LogCapture.attach()) {
            for (Path foreign : List.of(unsealed, madeUp, edited, otherKey, notJson)) {
                assertThat(outbox.setAsideIfForeign(foreign.toString()))
                        .as(foreign.toString())
                        .isTrue();
                assertThat(foreign).doesNotExist();
                assertThat(folder.resolve(".foreign").resolve(foreign.getFileName()))
                        .exists();
            }
            assertThat(log.messages(Level.WARN))
                    .hasSize(5)
                    .allSatisfy(m -> assertThat(m)
                            .contains("was not queued by this bundle (no valid seal): not sent, moved to"));
        }
        assertThat(sealed).exists();
    }

    @Test
    void attachmentsComeOnlyFromTheBundlesOwnFoldersAndNeverThroughALink() throws Exception {
        Path own = Files.createDirectories(root.resolve("own"));
        Path elsewhere = Files.createDirectories(root.getParent().resolve(root.getFileName() + "-elsewhere"));
        Path secret = Files.writeString(elsewhere.resolve("secret.txt"), "top secret");
        Path csv = Files.writeString(own.resolve("license.csv"), "a,b\r\n");
        Path link = Files.createSymbolicLink(own.resolve("link.csv"), secret);
        Path linkedDir = Files.createSymbolicLink(own.resolve("linked"), elsewhere);
        MailOutbox outbox = new MailOutbox(
                root.resolve("outbox/mail"),
                "patsnap@example.com",
                new Alerts(root.resolve("outbox"), clock, JSON),
                clock,
                JSON,
                Duration.ofSeconds(10),
                Duration.ofMinutes(10),
                3,
                Duration.ofHours(24),
                seal,
                List.of(own));

        assertThat(outbox.attachable(csv)).isTrue();
        assertThat(outbox.attachable(own.resolve("sub/../license.csv"))).isTrue();
        assertThat(outbox.attachable(secret)).isFalse();
        assertThat(outbox.attachable(link)).isFalse();
        assertThat(outbox.attachable(linkedDir.resolve("secret.txt"))).isFalse();
        assertThat(outbox.attachable(own.resolve("../" + elsewhere.getFileName() + "/secret.txt")))
                .isFalse();
        assertThat(outbox.attachable(own)).isFalse();

        MailRequest request = new MailRequest(
                "20261121100000000-summary-1",
                "summary",
                List.of("a@example.com"),
                "s",
                "t",
                "<p>h</p>",
                List.of(
                        new MailRequest.Attachment(csv.toString(), "license.csv", "text/csv"),
                        new MailRequest.Attachment(link.toString(), "link.csv", "text/csv"),
                        new MailRequest.Attachment(secret.toString(), "secret.txt", "text/plain")),
                clock.instant().toString(),
                0,
                null);
        MimeMessage message = outbox.message(request);
        Multipart mixed = (Multipart) message.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo("license.csv");
    }

    @Test
    void waitsTwiceAsLongAfterEachFailureUpToTheMaximum() {
        MailOutbox outbox = outbox();
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 20).stream().map(outbox::delay).map(Duration::toSeconds))
                .containsExactly(10L, 20L, 40L, 80L, 160L, 320L, 600L, 600L);
    }

    @Test
    void countsFailedAttemptsAlertsOnceAndGivesUpAfterADay() throws Exception {
        MailOutbox outbox = outbox();
        Path file = queue(request("[patsnap-camel] a.txt: 3 IDs done"));

        for (int i = 1; i <= 4; i++) {
            outbox.retryLater(file.toString(), "Couldn't connect to host");
            assertThat(JSON.readValue(file.toFile(), MailRequest.class).attempts())
                    .isEqualTo(i);
        }
        List<Path> alerts = alerts();
        assertThat(alerts).singleElement().asString().endsWith("-mail-failed.json");
        assertThat(JSON.readTree(alerts.get(0).toFile()).get("message").asText())
                .contains(
                        "'[patsnap-camel] a.txt: 3 IDs done' could not be sent after 3 attempts (Couldn't connect to host)");

        clock.advance(Duration.ofHours(24));
        outbox.retryLater(file.toString(), "Couldn't connect to host");

        assertThat(file).doesNotExist();
        Path failed = root.resolve("outbox/mail/.failed").resolve(file.getFileName());
        assertThat(JSON.readValue(failed.toFile(), MailRequest.class).attempts())
                .isEqualTo(5);
        assertThat(alerts()).hasSize(2);
        assertThat(JSON.readTree(alerts().get(1).toFile()).get("severity").asText())
                .isEqualTo("error");
    }

    @Test
    void buildsMixedWithAlternativeTextAndHtmlThenTheAttachmentsByteForByte() throws Exception {
        Path csv = Files.writeString(root.resolve("license.csv"), "a,b\r\n\"x\ny\",专利\r\n");
        MailRequest request = new MailRequest(
                "20261121100000000-summary-1",
                "summary",
                List.of("a@example.com", "b@example.com"),
                "[patsnap-camel] 专利.txt: 1 IDs done",
                "text 专利",
                "<p>html 专利</p>",
                List.of(
                        new MailRequest.Attachment(csv.toString(), "专利-license.csv", "text/csv; charset=UTF-8"),
                        new MailRequest.Attachment(root.resolve("gone.csv").toString(), "gone.csv", "text/csv")),
                clock.instant().toString(),
                0,
                null);

        MimeMessage message = outbox().message(request);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        MimeMessage parsed = new MimeMessage(null, new java.io.ByteArrayInputStream(raw.toByteArray()));

        assertThat(parsed.getSubject()).isEqualTo("[patsnap-camel] 专利.txt: 1 IDs done");
        assertThat(parsed.getFrom()[0].toString()).isEqualTo("patsnap@example.com");
        assertThat(parsed.isMimeType("multipart/mixed")).isTrue();
        Multipart mixed = (Multipart) parsed.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        Multipart alternative = (Multipart) mixed.getBodyPart(0).getContent();
        assertThat(mixed.getBodyPart(0).isMimeType("multipart/alternative")).isTrue();
        assertThat(alternative.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat(alternative.getBodyPart(0).getContent()).isEqualTo("text 专利");
        assertThat(alternative.getBodyPart(1).isMimeType("text/html")).isTrue();
        assertThat(alternative.getBodyPart(1).getContent()).isEqualTo("<p>html 专利</p>");
        Part attachment = mixed.getBodyPart(1);
        assertThat(attachment.getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(jakarta.mail.internet.MimeUtility.decodeText(attachment.getFileName()))
                .isEqualTo("专利-license.csv");
        assertThat(attachment.isMimeType("text/csv")).isTrue();
        try (var in = attachment.getInputStream()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(Files.readString(csv));
        }
    }

    private MailRequest request(String subject) {
        return new MailRequest(
                "20261121100000000-summary-abc",
                "summary",
                List.of("ops@example.com"),
                subject,
                "t",
                "<p>h</p>",
                List.of(),
                clock.instant().toString(),
                0,
                null);
    }

    private Path queue(MailRequest request) throws Exception {
        Path file = Files.createDirectories(root.resolve("outbox/mail")).resolve(request.fileName());
        JSON.writeValue(file.toFile(), request);
        return file;
    }

    private List<Path> alerts() throws Exception {
        Path folder = root.resolve("outbox/alerts");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }
}
