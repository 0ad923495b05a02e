package dev.patsnapcamel.mail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.patsnapcamel.ops.LogSafe;

/**
 * A {@link MailRequest} as the MIME message that goes out: {@code multipart/mixed} holding a
 * {@code multipart/alternative} of the plain-text and the HTML body (both UTF-8), then the attachments
 * (base64, so they arrive byte for byte as on disk). Attachments come only from the bundle's own folders.
 */
final class MailMessage {

    private static final Logger LOG = LoggerFactory.getLogger(MailMessage.class);
    private static final Session MIME = Session.getInstance(new Properties());

    private final String from;
    private final Clock clock;
    private final List<Path> attachmentRoots;

    /** @param attachmentRoots the folders attachments may come from (the outbox, the CSV folder) */
    MailMessage(String from, Clock clock, List<Path> attachmentRoots) {
        this.from = from;
        this.clock = clock;
        this.attachmentRoots = List.copyOf(attachmentRoots);
    }

    /** The message of a request; an attachment whose file is gone, or is not the bundle's, is left out. */
    MimeMessage of(MailRequest request) throws MessagingException, IOException {
        MimeMessage message = new MimeMessage(MIME);
        message.setFrom(new InternetAddress(from));
        message.setRecipients(
                MimeMessage.RecipientType.TO, InternetAddress.parse(String.join(",", request.to()), false));
        message.setSubject(request.subject(), "UTF-8");
        message.setSentDate(Date.from(clock.instant()));
        message.setHeader("X-Patsnap-Mail", request.kind());

        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(request.text(), "UTF-8", "plain");
        alternative.addBodyPart(text);
        MimeBodyPart html = new MimeBodyPart();
        html.setText(request.html(), "UTF-8", "html");
        alternative.addBodyPart(html);
        MimeBodyPart bodies = new MimeBodyPart();
        bodies.setContent(alternative);

        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(bodies);
        for (MailRequest.Attachment a : request.attachments()) {
            MimeBodyPart part = attachment(request, a);
            if (part != null) {
                mixed.addBodyPart(part);
            }
        }
        message.setContent(mixed);
        message.saveChanges();
        return message;
    }

    private MimeBodyPart attachment(MailRequest request, MailRequest.Attachment a)
            throws MessagingException, IOException {
        File file = new File(a.path());
        if (!file.isFile()) {
            LOG.warn("Mail {}: attachment {} is gone, sent without it", request.id(), LogSafe.of(a.path()));
            return null;
        }
        if (!attachable(file.toPath())) {
            LOG.warn(
                    "Mail {}: attachment {} is not a plain file in the bundle's own folders, sent without it",
                    request.id(),
                    LogSafe.of(a.path()));
            return null;
        }
        MimeBodyPart part = new MimeBodyPart();
        String type = a.contentType();
        part.setDataHandler(new DataHandler(new FileDataSource(file) {
            @Override
            public String getContentType() {
                return type;
            }
        }));
        part.setFileName(MimeUtility.encodeText(a.name(), "UTF-8", null));
        part.setDisposition(MimeBodyPart.ATTACHMENT);
        // base64 keeps the file byte for byte (a text part's line breaks would be rewritten to CRLF,
        // and a CSV cell may hold a bare LF)
        part.setHeader("Content-Transfer-Encoding", "base64");
        return part;
    }

    /**
     * Whether a file may be attached: a regular file, no symbolic link on its way, inside one of the
     * bundle's own folders (canonical paths compared).
     */
    boolean attachable(Path file) {
        try {
            Path absolute = file.toAbsolutePath().normalize();
            if (!Files.isRegularFile(absolute, LinkOption.NOFOLLOW_LINKS)
                    || !absolute.toRealPath().equals(absolute)) {
                return false;
            }
            for (Path root : attachmentRoots) {
                if (Files.isDirectory(root) && absolute.startsWith(root.toRealPath())) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
