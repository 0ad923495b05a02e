package dev.patsnapcamel.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.patsnapcamel.support.LogCapture;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SftpSettingsTest {

    @TempDir
    Path dir;

    private SftpSettings settings(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.of("intake.sftp.enabled", "true", "intake.sftp.host", "sftp.example.com",
                "intake.sftp.port", "2222", "intake.sftp.username", "bob", "intake.sftp.password", "pw",
                "intake.sftp.directory", "/in/coming/", "intake.sftp.known-hosts-file", dir.resolve("known_hosts").toString()));
        values.putAll(overrides);
        return SftpSettings.from(values::get);
    }

    @Test
    void defaultsAndDerivedValues() {
        SftpSettings defaults = SftpSettings.from(key -> null);
        assertThat(defaults.enabled()).isFalse();
        assertThat(defaults.port()).isEqualTo(22);
        assertThat(defaults.directory()).isEqualTo("inbox");
        assertThat(defaults.strict()).isTrue();
        assertThat(defaults.knownHostsFile()).isEqualTo(System.getProperty("user.home") + "/.ssh/known_hosts");
        defaults.check();
        assertThat(defaults.routeProperties()).containsEntry("intake.sftp.uri-host", "intake-sftp-host-not-set.invalid");

        SftpSettings sftp = settings(Map.of());
        assertThat(sftp.routeProperties()).containsEntry("intake.sftp.uri-host", "sftp.example.com")
                .containsEntry("intake.sftp.uri-directory", "in/coming")
                .containsEntry("intake.sftp.strict-host-key-checking-yes-no", "yes")
                .containsEntry("intake.sftp.read-lock-timeout", "10000")
                .containsEntry("intake.sftp.source-prefix", "sftp:sftp.example.com/in/coming/")
                .containsEntry("intake.sftp.fingerprint-prefix", "sftp:bob@sftp.example.com:2222/in/coming/");
        assertThat(SftpSettings.expandHome("~/x/known_hosts")).isEqualTo(System.getProperty("user.home") + "/x/known_hosts");
        assertThat(SftpSettings.expandHome("/etc/ssh/known~")).isEqualTo("/etc/ssh/known~");
    }

    @Test
    void anEnabledIntakeNeedsItsSettingsAndAReadableKnownHostsFile() throws IOException {
        assertThatThrownBy(() -> settings(Map.of()).check()).hasMessageContaining("intake.sftp.known-hosts-file")
                .hasMessageContaining(dir.resolve("known_hosts").toString()).hasMessageContaining("ssh-keyscan -p 2222");
        Files.writeString(dir.resolve("known_hosts"), "");
        settings(Map.of()).check();
        assertThatThrownBy(() -> settings(Map.of("intake.sftp.host", " ")).check()).hasMessageContaining("intake.sftp.host");
        assertThatThrownBy(() -> settings(Map.of("intake.sftp.username", "")).check())
                .hasMessageContaining("intake.sftp.username");
        assertThatThrownBy(() -> settings(Map.of("intake.sftp.password", "")).check())
                .hasMessageContaining("intake.sftp.password or intake.sftp.private-key-file");
        assertThatThrownBy(() -> settings(Map.of("intake.sftp.password", "", "intake.sftp.private-key-file",
                dir.resolve("missing").toString())).check()).hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> settings(Map.of("intake.sftp.strict-host-key-checking", "maybe")))
                .hasMessageContaining("true or false");
    }

    @Test
    void turningTheHostKeyCheckOffIsLoggedAsAWarning() {
        try (LogCapture log = LogCapture.attach()) {
            SftpSettings sftp = settings(Map.of("intake.sftp.strict-host-key-checking", "false"));
            sftp.check();
            assertThat(sftp.routeProperties()).containsEntry("intake.sftp.strict-host-key-checking-yes-no", "no");
            assertThat(log.messages(Level.WARN)).anyMatch(m -> m.contains("host keys are NOT checked")
                    && m.contains("sftp.example.com:2222"));
        }
    }
}
