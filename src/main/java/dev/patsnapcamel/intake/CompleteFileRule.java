package dev.patsnapcamel.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;

/**
 * When a file of the watched folder is complete, so that it may be read. Two rules, either is enough:
 * <ul>
 *   <li><b>Stable</b>: its content has not changed for {@code intake.file.stable-time} (its modification
 *       time is at least that old). A file being written keeps its modification time fresh, so it is left
 *       alone as long as its writer does not pause for that long.</li>
 *   <li><b>Moved in</b>: its status changed after its last write (its change time, {@code ctime}, is later
 *       than its modification time) and nothing at all has happened to it for
 *       {@code intake.file.moved-stable-time}. That is a file written elsewhere and then moved (renamed)
 *       into the folder, as the docs recommend: the move keeps the modification time and sets the change
 *       time. A write sets both times to the same instant, so a file still being written never looks moved
 *       in; copy tools that give a file its times or permissions ({@code cp -p}, {@code rsync},
 *       {@code scp -p}) do so after its content, i.e. once it is whole. A file of zero bytes is taken by the
 *       first rule only (a writer may create a file and change its permissions before writing).</li>
 * </ul>
 * Where the file system has no change time (not a Unix one), or when moved-stable-time is not shorter
 * than stable-time, only the first rule applies.
 */
public final class CompleteFileRule {

    private final long stableMs;
    private final long movedStableMs;
    private final Clock clock;

    /**
     * @param stableMs      {@code intake.file.stable-time}: how long an unchanged file waits
     * @param movedStableMs {@code intake.file.moved-stable-time}: how long a file moved in waits
     */
    public CompleteFileRule(long stableMs, long movedStableMs, Clock clock) {
        this.stableMs = stableMs;
        this.movedStableMs = movedStableMs;
        this.clock = clock;
    }

    /**
     * Whether the file is complete.
     *
     * @param path    the file (a symbolic link is followed for the change time, as for {@code content})
     * @param content the attributes of the file's content
     */
    public boolean complete(Path path, BasicFileAttributes content) {
        long now = clock.millis();
        FileTime modified = content.lastModifiedTime();
        if (now - modified.toMillis() >= stableMs) {
            return true;
        }
        if (movedStableMs >= stableMs || content.size() == 0) {
            return false;
        }
        FileTime changed = statusChanged(path);
        return changed != null && changed.compareTo(modified) > 0 && now - changed.toMillis() >= movedStableMs;
    }

    private static FileTime statusChanged(Path path) {
        try {
            return Files.getAttribute(path, "unix:ctime") instanceof FileTime t ? t : null;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // gone meanwhile, or no unix view: the stable rule decides
            return null;
        }
    }
}
