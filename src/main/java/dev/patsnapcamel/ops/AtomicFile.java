package dev.patsnapcamel.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that a reader sees either the old one or the whole new one, never a part: the content
 * goes to {@code .<name>.tmp} in the same folder, which is then renamed over the target in one step
 * ({@code ATOMIC_MOVE}). When writing fails, the temporary file is removed and the target is left as it
 * was. Used for alerts, the mail outbox, CSV files and change files; the routes' file endpoints do the
 * same with Camel's {@code tempFileName}.
 */
public final class AtomicFile {

    /** Writes the content to the temporary file it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temporary) throws IOException;
    }

    /** Writes the content to the temporary file and says whether to keep it (false: nothing is written). */
    @FunctionalInterface
    public interface ContentIfAny {
        boolean writeTo(Path temporary) throws IOException;
    }

    private AtomicFile() {}

    /** Writes {@code target} (its folder is created when missing). */
    public static Path write(Path target, Content content) throws IOException {
        writeIfAny(target, temporary -> {
            content.writeTo(temporary);
            return true;
        });
        return target;
    }

    /**
     * Writes {@code target} only when the content says so; otherwise the temporary file goes and the
     * target is left as it was. Returns whether the target was written.
     */
    public static boolean writeIfAny(Path target, ContentIfAny content) throws IOException {
        Path temporary = temporaryOf(target);
        Path folder = temporary.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        try {
            if (!content.writeTo(temporary)) {
                return false;
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The temporary file a write of {@code target} uses: {@code .<name>.tmp} beside it. */
    public static Path temporaryOf(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tmp");
    }
}
