package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.LogCapture;
import dev.patsnapcamel.support.Workspace;

/**
 * A value from outside cannot forge or repaint log lines: a file whose name holds a line break, a fake
 * log line and ANSI colour sequences is logged on one line with the characters encoded, both in the
 * messages the Java code writes and in the console output of every message (YAML {@code log:} steps
 * included).
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/log-injection/inbox",
            "outbox.dir=target/it/log-injection/outbox",
            "state.dir=target/it/log-injection/data",
            "patsnap.endpoints=license"
        })
class LogInjectionTest extends SandboxedBundleTest {

    static final Workspace workspace = new Workspace("log-injection").wipe();
    static final LogCapture LOG = LogCapture.attach();

    @Override
    Workspace workspace() {
        return workspace;
    }

    @Test
    void aFileNameWithLineBreaksAndAnsiEscapesIsLoggedOnOneLineEncoded() {
        String name = "evil\n2026-12-01 10:00:00.000 ERROR [main] Fake - forged\r\u001B[31mred\u001B[0m.txt";
        workspace.drop(name, "US11205304B2\nCN1394453A\n");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> LOG.messages(org.apache.logging.log4j.Level.INFO).stream()
                        .anyMatch(m -> m.startsWith("Completed evil")));

        String encoded = "evil\\n2026-12-01 10:00:00.000 ERROR [main] Fake - forged\\r\\u001B[31mred\\u001B[0m.txt";
        // what the Java code logs
        assertThat(LOG.messages(org.apache.logging.log4j.Level.INFO))
                .anySatisfy(m -> assertThat(m).startsWith("Completed " + encoded + ": 2 unique IDs"));
        // what the console shows, for every line that mentions the file: one line each, nothing raw
        List<String> console =
                LOG.console().stream().filter(l -> l.contains("evil")).toList();
        assertThat(console).hasSizeGreaterThanOrEqualTo(3).allSatisfy(LogInjectionTest::assertOneLine);
        assertThat(console).filteredOn(l -> l.contains(encoded)).hasSizeGreaterThanOrEqualTo(3);
        assertThat(LOG.console())
                .noneSatisfy(l -> assertThat(l).startsWith("2026-12-01 10:00:00.000 ERROR [main] Fake"));
    }

    @Test
    void aYamlLogStepWithTheNameOfAnUnreadableFileIsEncodedByTheConsoleLayout() {
        String name = "bad\n\u001B[2Jbinary.txt";
        workspace.drop(name, new byte[] {0x00, 0x01, (byte) 0xff, (byte) 0xfe, 0x7f, 0x00});

        // errors-intake logs "Cannot read ${header.PatsnapSource}: ..." (a YAML log step: the raw name in
        // the message, encoded by the layout)
        await().atMost(Duration.ofSeconds(30))
                .until(() -> LOG.console().stream().anyMatch(l -> l.contains("bad\\n\\u001B[2Jbinary.txt")));
        assertThat(LOG.console().stream().filter(l -> l.contains("binary.txt")))
                .isNotEmpty()
                .allSatisfy(LogInjectionTest::assertOneLine);
    }

    private static void assertOneLine(String line) {
        assertThat(line).endsWith("\n").doesNotContain("\r", "\u001B");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
    }
}
