package dev.patsnapcamel.mail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files a mail carries: attached when {@code mail.attach} is on and they are small enough together
 * ({@code mail.attach.max-bytes}), otherwise named with their place on the server.
 */
final class MailAttachments {

    private final MailSettings settings;

    MailAttachments(MailSettings settings) {
        this.settings = settings;
    }

    /** Attaches the files when allowed and small enough together; otherwise says where they are. */
    void attachOrPoint(
            MailBody body,
            List<Path> files,
            String contentType,
            String what,
            List<MailRequest.Attachment> attachments) {
        if (files.isEmpty()) {
            return;
        }
        long size = 0;
        for (Path f : files) {
            try {
                size += Files.size(f);
            } catch (IOException e) {
                size = Long.MAX_VALUE;
                break;
            }
        }
        List<String> paths = files.stream()
                .map(f -> f.toAbsolutePath().normalize().toString())
                .toList();
        if (settings.attach() && size <= settings.attachMaxBytes()) {
            for (Path f : files) {
                attachments.add(new MailRequest.Attachment(
                        f.toAbsolutePath().normalize().toString(), attachmentName(f), contentType));
            }
            body.paragraph(what + " attached: "
                    + String.join(
                            ", ",
                            attachments.stream()
                                    .map(MailRequest.Attachment::name)
                                    .toList()) + "\n(on the server: " + String.join(", ", paths) + ")");
        } else {
            body.paragraph(
                    what + (settings.attach() ? " (" + megabytes(size) + ", more than mail.attach.max-bytes)" : "")
                            + " on the server:\n" + String.join("\n", paths));
        }
    }

    /** The name an attachment gets: {@code <folder>-<file>} for CSV files, whose names repeat per source. */
    private static String attachmentName(Path file) {
        Path parent = file.getParent();
        String name = file.getFileName().toString();
        return name.endsWith(".csv") && parent != null ? parent.getFileName() + "-" + name : name;
    }

    private static String megabytes(long bytes) {
        return bytes == Long.MAX_VALUE ? "size unknown" : String.format("%.1f MB", bytes / 1_048_576.0);
    }
}
