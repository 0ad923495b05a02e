package dev.patsnapcamel.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.component.file.FileConsumer;
import org.apache.camel.component.file.GenericFile;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.patsnapcamel.support.LogCapture;

/** Which inbox entries are inputs, and what happens to the others. */
class InboxFilterTest {

    /** Ten seconds ahead: every file made here is old enough to be taken. */
    static final Clock LATER = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(10));

    @TempDir
    Path dir;

    Path inbox;
    Path secret;
    LogCapture log;

    @BeforeEach
    void setUp() throws IOException {
        inbox = Files.createDirectories(dir.resolve("inbox"));
        secret = Files.writeString(dir.resolve("secret.txt"), "US11205304B2\n");
        log = LogCapture.attach();
    }

    @AfterEach
    void detach() {
        log.close();
    }

    @Test
    void aRegularFileIsTakenOnlyOnceItHasNotChangedForTheStableTime() throws IOException {
        Path file = Files.writeString(inbox.resolve("a.txt"), "US11205304B2\n");

        assertThat(new InboxFilter(100, false, LATER).accept(generic(file))).isTrue();
        assertThat(new InboxFilter(60_000, false, Clock.systemUTC()).accept(generic(file)))
                .isFalse();
        assertThat(new InboxFilter(100, false, LATER).accept(generic(inbox.resolve("gone.txt"))))
                .isFalse();
        assertThat(log.messages(Level.WARN)).isEmpty();
    }

    @Test
    void aLinkIsNotFollowedUnlessAskedFor() throws IOException {
        Path link = Files.createSymbolicLink(inbox.resolve("link.txt"), secret);

        assertThat(new InboxFilter(100, true, LATER).accept(generic(link))).isTrue();
        assertThat(new InboxFilter(100, false, LATER).accept(generic(link))).isFalse();

        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(skipped()).singleElement().satisfies(f -> assertThat(f).endsWith("-link.txt"));
        assertThat(Files.isSymbolicLink(
                        inbox.resolve(".skipped").resolve(skipped().get(0))))
                .isTrue();
        assertThat(Files.readString(secret)).isEqualTo("US11205304B2\n");
        assertThat(log.messages(Level.WARN))
                .singleElement()
                .asString()
                .isEqualTo("Inbox entry link.txt is a symbolic link (not followed: intake.file.follow-links is false): "
                        + "not read, moved to .skipped/" + skipped().get(0));
    }

    @Test
    void aFollowedLinkMustLeadToARegularFile() throws IOException {
        InboxFilter following = new InboxFilter(100, true, LATER);
        Path toFolder =
                Files.createSymbolicLink(inbox.resolve("to-folder"), Files.createDirectories(dir.resolve("elsewhere")));
        Path dangling = Files.createSymbolicLink(inbox.resolve("dangling.txt"), dir.resolve("nothing-here"));

        assertThat(following.accept(generic(toFolder))).isFalse();
        assertThat(following.accept(generic(dangling))).isFalse();

        assertThat(skipped()).hasSize(2);
        assertThat(log.messages(Level.WARN))
                .anySatisfy(m -> assertThat(m).contains("to-folder is a symbolic link to a folder"))
                .anySatisfy(m -> assertThat(m).contains("dangling.txt is a symbolic link to nothing"));
    }

    @Test
    void anEntryThatCannotBeMovedIsLeftAndReportedOnce() throws IOException {
        // a file where the .skipped folder would go: nothing can be moved aside
        Files.writeString(inbox.resolve(".skipped"), "in the way");
        Path folder = Files.createDirectories(inbox.resolve("sub\nfolder"));
        InboxFilter filter = new InboxFilter(100, false, LATER);

        for (int look = 0; look < 5; look++) {
            assertThat(filter.accept(generic(folder))).isFalse();
        }

        assertThat(Files.isDirectory(folder)).isTrue();
        assertThat(log.messages(Level.WARN))
                .singleElement()
                .asString()
                .startsWith("Inbox entry sub\\u000Afolder is a folder: not read, and left in place");
    }

    private GenericFile<File> generic(Path path) {
        return FileConsumer.asGenericFile(inbox.toString(), path.toFile(), null, false);
    }

    private List<String> skipped() throws IOException {
        Path skipped = inbox.resolve(".skipped");
        if (!Files.isDirectory(skipped)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(skipped)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }
}
