package dev.patsnapcamel.intake;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.patsnapcamel.model.OutputName;

/**
 * Decides, for the watched folder's file consumer, which entries of the inbox are inputs: regular files
 * that are complete by the {@link CompleteFileRule} (unchanged for {@code intake.file.stable-time}, or
 * moved in after they were written and untouched for {@code intake.file.moved-stable-time}). The check
 * never waits, so nothing in the inbox can hold up the files after it.
 * <ul>
 *   <li>A file that is not complete yet is left for a later look, silently (it is probably still being
 *       written).</li>
 *   <li>A symbolic link is not followed unless {@code intake.file.follow-links} is true (then a link to a
 *       regular file is read like one); a folder, a named pipe, a socket or a device is never read. Such
 *       an entry is moved to {@code .skipped/} (with the time stamp before its name, as in {@code .done/})
 *       with one WARN line; if it cannot be moved it is left, and the WARN line is not repeated at every
 *       look.</li>
 *   <li>An entry that vanishes while it is looked at is simply not taken.</li>
 * </ul>
 * Folders reach this filter because the consumer is recursive with a depth of one below the inbox; as it
 * accepts no folder, none is ever entered. The folder {@value #ESTIMATE} is left where it is, silently: its
 * files are estimated, never sent (route {@code intake-estimate}). Hidden entries ({@code .done}, {@code .failed}, ...) never
 * reach it.
 */
public final class InboxFilter implements GenericFileFilter<File> {

    /** The folder of the inbox whose files are only estimated (route intake-estimate): left alone here. */
    public static final String ESTIMATE = "estimate";

    /** The folder odd entries are moved to, inside the inbox. */
    public static final String SKIPPED = ".skipped";

    private static final Logger LOG = LoggerFactory.getLogger(InboxFilter.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final int REMEMBERED = 10_000;
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFSOCK = 0140000;

    private final CompleteFileRule complete;
    private final boolean followLinks;
    private final Clock clock;
    /** Odd entries left in place, with what they are, so that each is reported once. */
    private final Map<String, String> reported = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    });

    /**
     * @param stableMs    how long a file must be unchanged to be taken
     * @param followLinks whether a symbolic link to a regular file is read
     */
    public InboxFilter(long stableMs, boolean followLinks, Clock clock) {
        this(new CompleteFileRule(stableMs, stableMs, clock), followLinks, clock);
    }

    /**
     * @param complete    when a regular file may be read
     * @param followLinks whether a symbolic link to a regular file is read
     */
    public InboxFilter(CompleteFileRule complete, boolean followLinks, Clock clock) {
        this.complete = complete;
        this.followLinks = followLinks;
        this.clock = clock;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        Path path = file.getFile().toPath();
        try {
            BasicFileAttributes entry =
                    Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            BasicFileAttributes content = entry;
            if (entry.isSymbolicLink()) {
                if (!followLinks) {
                    return odd(path, "a symbolic link (not followed: intake.file.follow-links is false)");
                }
                content = Files.readAttributes(path, BasicFileAttributes.class);
                if (!content.isRegularFile()) {
                    return odd(path, "a symbolic link to " + kind(path, content, true));
                }
            } else if (entry.isDirectory() && ESTIMATE.equals(path.getFileName().toString())) {
                // inputs to estimate, not to send: another consumer reads them
                return false;
            } else if (!entry.isRegularFile()) {
                return odd(path, kind(path, entry, false));
            }
            return complete.complete(path, content);
        } catch (NoSuchFileException e) {
            // gone (or a link to nothing, when links are followed)
            if (followLinks && Files.isSymbolicLink(path)) {
                return odd(path, "a symbolic link to nothing");
            }
            return false;
        } catch (IOException e) {
            LOG.debug("Cannot look at {}: {}", path, e.toString());
            return false;
        }
    }

    /** Reports an entry that is not read, moves it aside if it can; always false. */
    private boolean odd(Path path, String what) {
        String name = printable(path.getFileName().toString());
        Path skipped = path.resolveSibling(SKIPPED);
        try {
            Files.createDirectories(skipped);
            Path target = moveAside(path, skipped);
            reported.remove(path.toString());
            LOG.warn(
                    "Inbox entry {} is {}: not read, moved to {}/{}",
                    name,
                    what,
                    SKIPPED,
                    printable(target.getFileName().toString()));
        } catch (NoSuchFileException e) {
            // gone meanwhile (another node may have moved it)
        } catch (IOException | RuntimeException e) {
            if (!what.equals(reported.put(path.toString(), what))) {
                LOG.warn(
                        "Inbox entry {} is {}: not read, and left in place (cannot move it to {}: {})",
                        name,
                        what,
                        SKIPPED,
                        printable(e.toString()));
            }
        }
        return false;
    }

    private Path moveAside(Path path, Path skipped) throws IOException {
        String base = STAMP.format(clock.instant()) + "-"
                + OutputName.moved(path.getFileName().toString());
        for (int attempt = 1; ; attempt++) {
            Path target = skipped.resolve(attempt == 1 ? base : base + "." + attempt);
            try {
                // a link, a pipe or a folder is renamed, never opened or copied
                return Files.move(path, target);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    private static String kind(Path path, BasicFileAttributes attributes, boolean follow) {
        if (attributes.isDirectory()) {
            return "a folder";
        }
        try {
            Object mode = follow
                    ? Files.getAttribute(path, "unix:mode")
                    : Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (mode instanceof Integer m) {
                switch (m & S_IFMT) {
                    case S_IFIFO:
                        return "a named pipe (FIFO)";
                    case S_IFCHR:
                    case S_IFBLK:
                        return "a device";
                    case S_IFSOCK:
                        return "a socket";
                    default:
                        break;
                }
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no unix view: say it generally
        }
        return "not a regular file (a pipe, socket or device)";
    }

    /** A name from outside, fit for one log line: control characters as {@code \\uXXXX}. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
