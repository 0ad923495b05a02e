package dev.patsnapcamel.mail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.ops.Alerts;
import dev.patsnapcamel.ops.LogSafe;

/**
 * The mail outbox: every mail is first written as a {@link MailRequest} file to {@code <outbox.dir>/mail/}
 * (a local write, quick, so the data path never waits for a mail server), and the route {@code mail-send}
 * sends what is there. It survives restarts.
 * <p>
 * A mail that cannot be sent stays in the outbox and is tried again after {@code mail.retry.delay} ms,
 * then twice as long each time, at most {@code mail.retry.max-delay} ms apart. After
 * {@code mail.retry.alert-after} failed attempts a {@value #MAIL_FAILED} alert is raised (once; such
 * alerts are never mailed themselves); a mail still unsent {@code mail.retry.give-up-after} ms after it
 * was queued moves to {@code mail/.failed/} with an error alert (move it back to send it again).
 * <p>
 * Only mails the bundle queued itself are sent: each file carries a seal ({@link MailSeal}, keyed per
 * installation); a file without a valid one (dropped into the folder by someone else, or edited) is
 * moved to {@code mail/.foreign/} unsent. Attachments come only from the bundle's own folders.
 * <p>
 * It is also the consumer's filter: a file is offered to {@code mail-send} only once its next attempt
 * is due (a restart tries every waiting mail at once).
 */
public final class MailOutbox implements GenericFileFilter<File> {

    /** The alert raised when mails cannot be sent. */
    public static final String MAIL_FAILED = "mail-failed";

    private static final Logger LOG = LoggerFactory.getLogger(MailOutbox.class);

    private final Path folder;
    private final Alerts alerts;
    private final Clock clock;
    private final MailMessage mime;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final int alertAfter;
    private final Duration giveUpAfter;
    private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();
    private final OutboxFile files;

    /**
     * @param seal            seals the mails queued here and recognises them when they are sent
     * @param attachmentRoots the folders attachments may come from (the outbox, the CSV folder)
     */
    public MailOutbox(
            Path folder,
            String from,
            Alerts alerts,
            Clock clock,
            ObjectMapper json,
            Duration firstDelay,
            Duration maxDelay,
            int alertAfter,
            Duration giveUpAfter,
            MailSeal seal,
            List<Path> attachmentRoots) {
        this.files = new OutboxFile(json, seal);
        this.mime = new MailMessage(from, clock, attachmentRoots);
        this.folder = folder;
        this.alerts = alerts;
        this.clock = clock;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.alertAfter = alertAfter;
        this.giveUpAfter = giveUpAfter;
    }

    public Path folder() {
        return folder;
    }

    /**
     * A request as its outbox file holds it (route {@code mail-queue}): its JSON with the installation's
     * {@code seal}, which {@link #setAsideIfForeign} checks before it is sent.
     */
    public byte[] sealed(@Body MailRequest request) throws IOException {
        return files.bytes(request);
    }

    /**
     * Whether a file in the outbox was not queued by this bundle (no seal, a wrong one, or changed since:
     * dropped or edited by someone else) and so must not be sent: such a file is moved to
     * {@code mail/.foreign/} with one WARN line, and never read again.
     */
    public boolean setAsideIfForeign(@ExchangeProperty(Headers.MAIL_FILE) String file) {
        Path path = Path.of(file);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        if (!Files.isSymbolicLink(path) && files.sealedHere(path)) {
            return false;
        }
        try {
            Path aside = Files.createDirectories(folder.resolve(".foreign"));
            Path moved = Files.move(path, aside.resolve(path.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            notBefore.remove(path.getFileName().toString());
            LOG.warn(
                    "The mail outbox file {} was not queued by this bundle (no valid seal): not sent, moved to {}",
                    LogSafe.of(path.getFileName()),
                    LogSafe.of(moved));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the foreign mail outbox file " + path + " aside", e);
        }
        return true;
    }

    /** Whether a file may be attached ({@link MailMessage#attachable}). */
    boolean attachable(Path file) {
        return mime.attachable(file);
    }

    /** Offers a request file to the consumer once its next attempt is due. */
    @Override
    public boolean accept(GenericFile<File> file) {
        if (file.isDirectory() || !file.getFileNameOnly().endsWith(".json")) {
            return false;
        }
        Instant due = notBefore.get(file.getFileNameOnly());
        return due == null || !clock.instant().isBefore(due);
    }

    /** The mail as it goes out ({@link MailMessage}). */
    public MimeMessage message(@Body MailRequest request) throws MessagingException, IOException {
        return mime.of(request);
    }

    /** A request was sent: its file goes. */
    public void sent(@ExchangeProperty(Headers.MAIL_FILE) String file) {
        Path path = Path.of(file);
        MailRequest request = files.read(path);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the sent mail " + path, e);
        }
        notBefore.remove(path.getFileName().toString());
        if (request != null && request.attempts() > 0) {
            LOG.info(
                    "Mail sent after {} failed attempts: {} ({})",
                    request.attempts(),
                    request.subject(),
                    request.kind());
        } else if (request != null) {
            LOG.info(
                    "Mail sent: {} ({} to {} recipients)",
                    request.subject(),
                    request.kind(),
                    request.to().size());
        }
    }

    /**
     * Sending failed: counts the attempt in the request file and schedules the next one, raises the
     * alert after {@code alertAfter} attempts, gives up (moves the file to {@code .failed/}) when the mail is
     * older than {@code giveUpAfter}. A file that is not a request at all goes to {@code .failed/} at once.
     */
    public void retryLater(
            @ExchangeProperty(Headers.MAIL_FILE) String file,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        retryLater(file, describe(failure));
    }

    void retryLater(String file, String error) {
        Path path = Path.of(file);
        if (!Files.exists(path)) {
            return;
        }
        MailRequest request = files.read(path);
        if (request == null) {
            moveToFailed(path);
            alerts.raise(
                    MAIL_FAILED,
                    "error",
                    "The mail outbox file " + path.getFileName() + " is not a mail request; moved to "
                            + folder.resolve(".failed"),
                    Map.of("file", path.toString()));
            return;
        }
        MailRequest failed = request.failedOnce(error);
        Instant now = clock.instant();
        Instant created = parse(request.createdAt(), now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mail", request.kind());
        details.put("subject", request.subject());
        details.put("attempts", failed.attempts());
        details.put("error", String.valueOf(error));
        if (!now.isBefore(created.plus(giveUpAfter))) {
            files.write(path, failed);
            Path moved = moveToFailed(path);
            alerts.raise(
                    MAIL_FAILED,
                    "error",
                    "Gave up sending the " + request.kind() + " mail '" + request.subject()
                            + "' after " + failed.attempts() + " attempts (" + error + "); it is kept in " + moved
                            + " (move it back to " + folder + " to try again)",
                    details);
            return;
        }
        files.write(path, failed);
        Duration wait = delay(failed.attempts());
        notBefore.put(path.getFileName().toString(), now.plus(wait));
        LOG.warn(
                "Mail '{}' not sent (attempt {}): {}; next attempt in {} ms",
                request.subject(),
                failed.attempts(),
                error,
                wait.toMillis());
        if (failed.attempts() == alertAfter) {
            alerts.raise(
                    MAIL_FAILED,
                    "warning",
                    "The " + request.kind() + " mail '" + request.subject()
                            + "' could not be sent after " + failed.attempts() + " attempts (" + error
                            + "); it stays in "
                            + folder + " and is tried again until " + created.plus(giveUpAfter)
                            + ". The results are not affected.",
                    details);
        }
    }

    /** An exception's message, and its root cause's when that says more (a refused certificate, a refused login). */
    static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown error";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(failure.getMessage());
        return root == failure || root.getMessage() == null || message.contains(root.getMessage())
                ? message
                : message + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    /** Wait before the attempt after {@code attempts} failed ones: delay, twice as long each time, capped. */
    Duration delay(int attempts) {
        Duration wait = firstDelay;
        for (int i = 1; i < attempts && wait.compareTo(maxDelay) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxDelay) > 0 ? maxDelay : wait;
    }

    private Path moveToFailed(Path path) {
        try {
            Path failed = Files.createDirectories(folder.resolve(".failed"));
            notBefore.remove(path.getFileName().toString());
            return Files.move(path, failed.resolve(path.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + path + " aside", e);
        }
    }

    private static Instant parse(String instant, Instant fallback) {
        try {
            return instant == null ? fallback : Instant.parse(instant);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }
}
