package dev.patsnapcamel.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The seal of the mails the bundle queues itself: an HMAC-SHA256 of the request (all of it but its
 * count of failed attempts and last error, which change while it waits), keyed with a random key of
 * this installation kept in {@code <state.dir>/mail-outbox.key} (created on first use, readable by its
 * owner only). Whoever can write to the outbox folder but not read that key cannot queue a mail.
 */
public final class MailSeal {

    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;
    private final ObjectMapper json;

    private MailSeal(byte[] key, ObjectMapper json) {
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.json = json;
    }

    /**
     * The installation's seal: the key in {@code keyFile}, created there (32 random bytes) when missing.
     * {@code json} writes the request whose bytes are sealed (the bundle's mapper: compact, fixed order).
     */
    public static MailSeal of(Path keyFile, ObjectMapper json) {
        try {
            if (!Files.exists(keyFile)) {
                create(keyFile);
            }
            byte[] key = Files.readAllBytes(keyFile);
            if (key.length < 32) {
                throw new IllegalStateException(
                        "the mail outbox key " + keyFile + " is shorter than 32 bytes; remove it"
                                + " (mails waiting in the outbox will then be set aside) and start again");
            }
            return new MailSeal(key, json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the mail outbox key " + keyFile, e);
        }
    }

    /** A seal with a key of its own, for tests and a bundle without a state folder. */
    public static MailSeal random(ObjectMapper json) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new MailSeal(key, json);
    }

    private static void create(Path keyFile) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.createDirectories(keyFile.toAbsolutePath().getParent());
        Path tmp = keyFile.resolveSibling(
                "." + keyFile.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        Files.write(tmp, key);
        try {
            Files.createLink(keyFile, tmp); // fails if another start created it first: theirs is kept
        } catch (FileAlreadyExistsException raced) {
            // keep the one that is there
        } catch (UnsupportedOperationException | IOException noLinks) {
            if (!Files.exists(keyFile)) {
                Files.move(tmp, keyFile);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The seal of a request. */
    public String of(MailRequest request) {
        try {
            MailRequest lasting = new MailRequest(
                    request.id(),
                    request.kind(),
                    request.to(),
                    request.subject(),
                    request.text(),
                    request.html(),
                    request.attachments(),
                    request.createdAt(),
                    0,
                    null);
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal(json.writeValueAsString(lasting).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("cannot seal the mail " + request.id(), e);
        }
    }

    /** Whether {@code seal} is this installation's seal of the request. */
    public boolean sealed(MailRequest request, String seal) {
        return seal != null
                && MessageDigest.isEqual(
                        of(request).getBytes(StandardCharsets.US_ASCII), seal.getBytes(StandardCharsets.US_ASCII));
    }
}
