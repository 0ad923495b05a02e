package dev.patsnapcamel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The console pattern of {@code log4j2.properties} masks secrets in every line, whoever logs them (a
 * library's DEBUG line with a request URL or its headers too).
 */
class LogMaskingTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Executing http GET method: http://gw/advanced-patent-data/license-data?patent_number=US1B2&apikey=sk-Abc123_secret | sk-Abc123_secret | apikey=sk-***
            headers {Authorization=Bearer 9f8e7d6c5b4a3f2e1d, Accept=application/json}                                     | 9f8e7d6c5b4a3f2e1d | Bearer ***
            >> Authorization: Basic Y29udHJhY3QtY2xpZW50OmNvbnRyYWN0LXNlY3JldA==                                             | Y29udHJhY3QtY2xpZW50OmNvbnRyYWN0LXNlY3JldA | Basic ***
            the key sk-live-0123456789 was refused                                                                           | 0123456789 | sk-***
            """)
    void secretsAreMaskedInEveryLine(String message, String secret, String masked) throws IOException {
        String line = layout().toSerializable(Log4jLogEvent.newBuilder()
                .setLoggerName("org.apache.hc.client5.http.wire")
                .setLevel(Level.DEBUG)
                .setMessage(new SimpleMessage(message))
                .build());

        assertThat(line).doesNotContain(secret).contains(masked);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Obtained a PatSnap access token for client sandbox-client (valid 1799 s)
            PatSnap call to license failed: 67200012: illegal request
            """)
    void ordinaryLinesAreUnchanged(String message) throws IOException {
        String line = layout().toSerializable(Log4jLogEvent.newBuilder()
                .setLoggerName("x")
                .setLevel(Level.INFO)
                .setMessage(new SimpleMessage(message))
                .build());

        assertThat(line).contains(message);
    }

    /** The two jobs of the one nested pattern together: the secret masked and the line breaks encoded. */
    @org.junit.jupiter.api.Test
    void aSecretInAForgedLineIsMaskedAndTheLineStaysOne() throws IOException {
        String line = layout().toSerializable(Log4jLogEvent.newBuilder()
                .setLoggerName("x")
                .setLevel(Level.WARN)
                .setMessage(new SimpleMessage(
                        "refused apikey=sk-Zz9_secret\r\n2026-12-01 ERROR forged Bearer tok-123\tend"))
                .build());

        assertThat(line)
                .doesNotContain("sk-Zz9_secret", "tok-123")
                .contains("apikey=sk-***\\r\\n2026-12-01 ERROR forged Bearer ***\\tend");
        assertThat(line.strip()).doesNotContain("\r", "\n", "\t");
    }

    /** An exception logged with a line (written after the message, its lines kept) has its secrets masked too. */
    @org.junit.jupiter.api.Test
    void aSecretInALoggedExceptionIsMasked() throws IOException {
        String line = layout().toSerializable(Log4jLogEvent.newBuilder()
                .setLoggerName("x")
                .setLevel(Level.WARN)
                .setMessage(new SimpleMessage("call failed"))
                .setThrown(new IllegalStateException("GET /x?apikey=sk-Thrown_secret with Bearer tok-456"))
                .build());

        assertThat(line)
                .contains("call failed")
                .doesNotContain("sk-Thrown_secret", "tok-456")
                .contains("java.lang.IllegalStateException: GET /x?apikey=sk-*** with Bearer ***")
                .contains("\tat dev.patsnapcamel.ops.LogMaskingTest");
        // written once, after the message's line
        assertThat(line.split("IllegalStateException", -1)).hasSize(2);
        assertThat(line)
                .startsWith(line.substring(0, line.indexOf("call failed")) + "call failed" + System.lineSeparator());
    }

    private static PatternLayout layout() throws IOException {
        Properties config = new Properties();
        try (Reader in =
                Files.newBufferedReader(Path.of("src/main/resources/log4j2.properties"), StandardCharsets.UTF_8)) {
            config.load(in);
        }
        return PatternLayout.newBuilder()
                .withPattern(config.getProperty("appender.console.layout.pattern"))
                .withAlwaysWriteExceptions(
                        Boolean.parseBoolean(config.getProperty("appender.console.layout.alwaysWriteExceptions", "true")
                                .trim()))
                .build();
    }
}
