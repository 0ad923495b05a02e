package dev.patsnapcamel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.junit.jupiter.api.Test;

/**
 * Values from outside cannot forge log lines: {@link LogSafe} for the Java code, and the bundle's console
 * layout ({@code log4j2.properties}) for every message, YAML {@code log:} steps included.
 */
class LogSafeTest {

    static final String EVIL_NAME =
            "ids.txt\n2026-12-01 10:00:00.000 ERROR [main] Fake - forged\r\u001B[31mred\u001B[0m\u0007\t.txt";

    @Test
    void encodesLineBreaksAndControlCharactersAndKeepsTheRest() {
        assertThat(LogSafe.of(EVIL_NAME))
                .isEqualTo("ids.txt\\n2026-12-01 10:00:00.000 ERROR [main] Fake - forged\\r"
                        + "\\u001B[31mred\\u001B[0m\\u0007\\t.txt");
        assertThat(LogSafe.of("专利 näme – ok \\ as is")).isEqualTo("专利 näme – ok \\ as is");
        assertThat(LogSafe.of("\u009B31m\u007F")).isEqualTo("\\u009B31m\\u007F");
        assertThat(LogSafe.of(null)).isEqualTo("null");
    }

    @Test
    void theConsoleLayoutWritesEveryMessageOnOneLineAndStackTracesOnTheirOwn() {
        String apiMessage = "Invalid parameter\r\nINFO forged line";
        String line = format(
                new ParameterizedMessage("PatSnap call to license failed: {} (file {})", apiMessage, EVIL_NAME), null);
        assertThat(line).endsWith("\n").doesNotContain("\r", "\u001B", "\u0007");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
        assertThat(line)
                .contains("failed: Invalid parameter\\r\\nINFO forged line (file ids.txt\\n2026-12-01 10:00:00.000"
                        + " ERROR [main] Fake - forged\\r\\u001B[31mred\\u001B[0m?\\t.txt)");

        IllegalStateException failure = new IllegalStateException("boom");
        String withTrace = format(new ParameterizedMessage("Cannot read {}", "a\nb"), failure);
        String[] lines = withTrace.split("\n");
        assertThat(lines[0]).endsWith("Cannot read a\\nb");
        assertThat(lines[1]).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(lines[2]).startsWith("\tat dev.patsnapcamel.ops.LogSafeTest.");
        assertThat(lines.length).isGreaterThan(3);
    }

    /** A message as the bundle's console appender writes it. */
    private static String format(org.apache.logging.log4j.message.Message message, Throwable thrown) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Layout<?> layout = context.getConfiguration().getAppender("console").getLayout();
        LogEvent event = Log4jLogEvent.newBuilder()
                .setLoggerName("dev.patsnapcamel.Test")
                .setLevel(Level.ERROR)
                .setMessage(message)
                .setThrown(thrown)
                .build();
        return new String(layout.toByteArray(event), java.nio.charset.StandardCharsets.UTF_8);
    }
}
