package dev.patsnapcamel.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void writesTheWholeFileAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("a/b/report.json");
        AtomicFile.write(target, tmp -> Files.writeString(tmp, "first"));
        AtomicFile.write(target, tmp -> Files.writeString(tmp, "second"));
        assertEquals("second", Files.readString(target));
        assertEquals(1, count(target.getParent()));
    }

    @Test
    void aFailedWriteRemovesTheTemporaryFileAndLeavesTheTargetAsItWas() throws IOException {
        Path target = dir.resolve("alert.json");
        Files.writeString(target, "old", StandardCharsets.UTF_8);
        IOException failure = assertThrows(
                IOException.class,
                () -> AtomicFile.write(target, tmp -> {
                    Files.writeString(tmp, "half of the new");
                    throw new IOException("disk full");
                }));
        assertEquals("disk full", failure.getMessage());
        assertEquals("old", Files.readString(target));
        assertFalse(Files.exists(AtomicFile.temporaryOf(target)));
        assertEquals(1, count(dir));
    }

    @Test
    void aRuntimeFailureIsCleanedUpToo() throws IOException {
        Path target = dir.resolve("new.csv");
        assertThrows(
                IllegalStateException.class,
                () -> AtomicFile.write(target, tmp -> {
                    Files.writeString(tmp, "x");
                    throw new IllegalStateException("bad row");
                }));
        assertFalse(Files.exists(target));
        assertEquals(0, count(dir));
    }

    @Test
    void contentThatSaysNothingToKeepWritesNothing() throws IOException {
        Path target = dir.resolve("changes.jsonl");
        Files.writeString(target, "earlier run");
        assertFalse(AtomicFile.writeIfAny(target, tmp -> {
            Files.writeString(tmp, "");
            return false;
        }));
        assertEquals("earlier run", Files.readString(target));
        assertEquals(1, count(dir));
        assertTrue(AtomicFile.writeIfAny(target, tmp -> {
            Files.writeString(tmp, "{}\n");
            return true;
        }));
        assertEquals("{}\n", Files.readString(target));
    }

    private static long count(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }
}
