package dev.patsnapcamel.support;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import com.icegreen.greenmail.util.GreenMail;

/** Reads back what a GreenMail server received: subject, recipients, the text and HTML bodies, attachments. */
public record Mails(MimeMessage message, String text, String html, Map<String, byte[]> attachments) {

    /** Waits for the one received mail that matches, and reads it. */
    public static Mails await(GreenMail server, Duration atMost, Predicate<MimeMessage> which) {
        List<MimeMessage> found = new ArrayList<>();
        org.awaitility.Awaitility.await()
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    found.clear();
                    Arrays.stream(server.getReceivedMessages()).filter(which).forEach(found::add);
                    return !found.isEmpty();
                });
        return read(found.get(0));
    }

    /** A mail is received once per recipient: the messages to this address. */
    public static Predicate<MimeMessage> to(String address) {
        return m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().equals(address));
            } catch (MessagingException e) {
                return false;
            }
        };
    }

    public static Predicate<MimeMessage> subjectContains(String text) {
        return m -> subject(m).contains(text);
    }

    public static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String subject() {
        return subject(message);
    }

    public String from() {
        try {
            return message.getFrom()[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<String> recipients() {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .map(Object::toString)
                    .toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Mails read(MimeMessage message) {
        try {
            String[] bodies = new String[2];
            Map<String, byte[]> attachments = new LinkedHashMap<>();
            walk(message, bodies, attachments);
            return new Mails(message, bodies[0], bodies[1], attachments);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void walk(Part part, String[] bodies, Map<String, byte[]> attachments)
            throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                walk(child, bodies, attachments);
            }
        } else if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            try (InputStream in = part.getInputStream()) {
                attachments.put(MimeUtility.decodeText(part.getFileName()), in.readAllBytes());
            }
        } else if (part.isMimeType("text/plain")) {
            bodies[0] = (String) part.getContent();
        } else if (part.isMimeType("text/html")) {
            bodies[1] = (String) part.getContent();
        }
    }

    /** The cells of each row of the HTML tables, tags removed and entities decoded. */
    public List<List<String>> htmlRows() {
        List<List<String>> rows = new ArrayList<>();
        var row = java.util.regex.Pattern.compile("<tr>(.*?)</tr>", java.util.regex.Pattern.DOTALL)
                .matcher(html);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            var cell = java.util.regex.Pattern.compile("<t[dh][^>]*>(.*?)</t[dh]>", java.util.regex.Pattern.DOTALL)
                    .matcher(row.group(1));
            while (cell.find()) {
                cells.add(unescape(cell.group(1)));
            }
            rows.add(cells);
        }
        return rows;
    }

    static String unescape(String html) {
        return html.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
    }
}
