package dev.patsnapcamel.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files of the watched folder whose reading a stop interrupted wait in {@code <inbox>/.parked/}, named
 * {@code <yyyyMMdd-HHmmss.SSS>-<name>} (older versions: without the milliseconds); at start-up, before the folder is watched, each goes back to the inbox
 * under its own name (its time stamp kept, so that the intake recognises it and resumes it). A file of
 * that name already in the inbox wins: the parked one stays, with a warning.
 */
public final class ParkedFiles {

    private static final Logger LOG = LoggerFactory.getLogger(ParkedFiles.class);

    private ParkedFiles() {}

    /** Moves the parked files back into the inbox; returns how many. */
    public static int restore(Path inbox) {
        Path parked = inbox.resolve(".parked");
        if (!Files.isDirectory(parked, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int restored = 0;
        try (Stream<Path> files = Files.list(parked)) {
            List<Path> regular = files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .sorted()
                    .toList();
            for (Path file : regular) {
                String name = file.getFileName().toString().replaceFirst("^\\d{8}-\\d{6}(\\.\\d{3})?-", "");
                Path target = inbox.resolve(name);
                if (name.isEmpty()
                        || name.startsWith(".")
                        || !target.getParent().equals(inbox)) {
                    continue;
                }
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    LOG.warn("Parked input {} stays in {}: the inbox has a file of that name", name, parked);
                    continue;
                }
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
                LOG.info("Parked input {} is back in the inbox: it resumes where the last stop left it", name);
                restored++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the parked inputs back from " + parked, e);
        }
        return restored;
    }
}
