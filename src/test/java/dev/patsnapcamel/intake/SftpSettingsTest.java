package dev.patsnapcamel.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.patsnapcamel.support.LogCapture;

class SftpSettingsTest {

    @TempDir
    Path dir;

    private SftpSettings settings(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.of(
                "intake.sftp.enabled",
                "true",
                "intake.sftp.host",
                "sftp.example.com",
                "intake.sftp.port",
                "2222",
                "intake.sftp.username",
                "bob",
                "intake.sftp.password",
                "pw",
                "intake.sftp.directory",
                "/in/coming/",
                "intake.sftp.known-hosts-file",
                dir.resolve("known_hosts").toString()));
        values.putAll(Map.of(
                "intake.sftp.private-key-file",
                "",
                "intake.sftp.strict-host-key-checking",
                "true",
                "intake.sftp.stable-time",
                "1000"));
        values.putAll(overrides);
        return SftpSettings.from(values::get);
    }

    @Test
    void derivedValues() {
        SftpSettings sftp = settings(Map.of());
        assertThat(sftp.folder()).isEqualTo("in/coming");
        assertThat(sftp.sourcePrefix()).isEqualTo("sftp:sftp.example.com/in/coming/");
        assertThat(sftp.fingerprintPrefix()).isEqualTo("sftp:bob@sftp.example.com:2222/in/coming/");
        assertThat(sftp.strict()).isTrue();
        assertThat(SftpSettings.expandHome("~/x/known_hosts"))
                .isEqualTo(System.getProperty("user.home") + "/x/known_hosts");
        assertThat(SftpSettings.expandHome("/etc/ssh/known~")).isEqualTo("/etc/ssh/known~");
    }

    @Test
    void aMissingKeyIsNamed() {
        assertThatThrownBy(() -> SftpSettings.from(key -> null)).hasMessageContaining("intake.sftp.");
    }

    @Test
    void anEnabledIntakeNeedsItsSettingsAndAReadableKnownHostsFile() throws IOException {
        assertThatThrownBy(() -> settings(Map.of()).check())
                .hasMessageContaining("intake.sftp.known-hosts-file")
                .hasMessageContaining(dir.resolve("known_hosts").toString())
                .hasMessageContaining("ssh-keyscan -p 2222");
        Files.writeString(dir.resolve("known_hosts"), "");
        settings(Map.of()).check();
        assertThatThrownBy(() -> settings(Map.of("intake.sftp.host", " ")).check())
                .hasMessageContaining("intake.sftp.host");
        assertThatThrownBy(() -> settings(Map.of("intake.sftp.username", "")).check())
                .hasMessageContaining("intake.sftp.username");
        assertThatThrownBy(() -> settings(Map.of("intake.sftp.password", "")).check())
                .hasMessageContaining("intake.sftp.password or intake.sftp.private-key-file");
        assertThatThrownBy(() -> settings(Map.of(
                                "intake.sftp.password",
                                "",
                                "intake.sftp.private-key-file",
                                dir.resolve("missing").toString()))
                        .check())
                .hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> settings(Map.of("intake.sftp.strict-host-key-checking", "maybe")))
                .hasMessageContaining("true or false");
    }

    @Test
    void turningTheHostKeyCheckOffIsLoggedAsAWarning() {
        try (LogCapture log = LogCapture.attach()) {
            SftpSettings sftp = settings(Map.of("intake.sftp.strict-host-key-checking", "false"));
            sftp.check();
            assertThat(sftp.strict()).isFalse();
            assertThat(log.messages(Level.WARN))
                    .anyMatch(m -> m.contains("host keys are NOT checked") && m.contains("sftp.example.com:2222"));
        }
    }
}
