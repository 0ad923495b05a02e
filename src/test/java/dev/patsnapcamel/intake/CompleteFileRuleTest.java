package dev.patsnapcamel.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a file of the watched folder is complete: stable for the stable time, or moved in and then untouched. */
class CompleteFileRuleTest {

    @TempDir
    Path dir;

    @Test
    void aFileJustWrittenWaitsForTheStableTime() throws IOException {
        Path file = Files.writeString(dir.resolve("written.txt"), "US1B2\n", StandardCharsets.UTF_8);
        long modified = Files.getLastModifiedTime(file).toMillis();
        // every write sets both times alike: it never looks moved in
        assertThat(changed(file)).isEqualTo(Files.getLastModifiedTime(file));

        assertThat(rule(10_000, 100, modified + 5_000).complete(file, attributes(file)))
                .isFalse();
        assertThat(rule(10_000, 100, modified + 10_000).complete(file, attributes(file)))
                .isTrue();
    }

    @Test
    void aFileMovedInAfterItsLastWriteWaitsOnlyTheMovedStableTime() throws IOException {
        Path file = Files.writeString(dir.resolve("moved.txt"), "US1B2\n", StandardCharsets.UTF_8);
        // as after a move: the status changed after the last write (setting the time does that too)
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusMillis(500)));
        long changed = changed(file).toMillis();
        assertThat(changed).isGreaterThan(Files.getLastModifiedTime(file).toMillis());

        assertThat(rule(10_000, 100, changed + 50).complete(file, attributes(file)))
                .as("touched too recently")
                .isFalse();
        assertThat(rule(10_000, 100, changed + 100).complete(file, attributes(file)))
                .isTrue();
        // moved-stable-time as long as the stable time: moved files wait like any other
        assertThat(rule(10_000, 10_000, changed + 100).complete(file, attributes(file)))
                .isFalse();
    }

    @Test
    void anEmptyFileAlwaysWaitsForTheStableTime() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.txt"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusMillis(500)));
        long changed = changed(file).toMillis();

        assertThat(rule(10_000, 100, changed + 1_000).complete(file, attributes(file)))
                .isFalse();
        assertThat(rule(10_000, 100, Files.getLastModifiedTime(file).toMillis() + 10_000)
                        .complete(file, attributes(file)))
                .isTrue();
    }

    private static CompleteFileRule rule(long stableMs, long movedStableMs, long nowMillis) {
        return new CompleteFileRule(
                stableMs, movedStableMs, Clock.fixed(Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC));
    }

    private static BasicFileAttributes attributes(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class);
    }

    private static FileTime changed(Path file) throws IOException {
        return (FileTime) Files.getAttribute(file, "unix:ctime");
    }
}
