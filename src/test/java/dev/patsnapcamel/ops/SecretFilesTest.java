package dev.patsnapcamel.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets given as files ({@code <KEY>_FILE}, {@code <key>.file}). */
class SecretFilesTest {

    @TempDir
    Path dir;

    @Test
    void theFilesContentWithOneTrailingLineBreakRemovedBecomesTheSetting() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "s3cr3t \n\n");
        Path crlf = Files.writeString(dir.resolve("crlf"), "pass\r\n");
        Path bare = Files.writeString(dir.resolve("bare"), "sk-123");

        Properties read = SecretFiles.read(
                Map.of(
                        "PATSNAP_CLIENT_SECRET_FILE",
                        secret.toString(),
                        "INTAKE_SFTP_PRIVATE_KEY_PASSPHRASE_FILE",
                        crlf.toString(),
                        "OTHER_FILE",
                        "/nowhere"),
                Map.of("patsnap.api-key.file", bare.toString()));

        assertThat(read)
                .containsOnly(
                        Map.entry("patsnap.client-secret", "s3cr3t \n"),
                        Map.entry("intake.sftp.private-key-passphrase", "pass"),
                        Map.entry("patsnap.api-key", "sk-123"));
        assertThat(SecretFiles.read(Map.of(), Map.of())).isEmpty();
    }

    @Test
    void aMissingFileIsAnErrorNamingTheVariableNotTheContent() throws Exception {
        assertThatThrownBy(() -> SecretFiles.read(
                        Map.of("MAIL_PASSWORD_FILE", dir.resolve("gone").toString()), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MAIL_PASSWORD_FILE")
                .hasMessageContaining("not a readable file");
        assertThatThrownBy(() -> SecretFiles.read(Map.of("STATE_JDBC_PASSWORD_FILE", dir.toString()), Map.of()))
                .hasMessageContaining("STATE_JDBC_PASSWORD_FILE");
        assertThatThrownBy(() -> SecretFiles.read(Map.of(), Map.of("sink.jdbc.password.file", " ")))
                .hasMessageContaining("sink.jdbc.password.file is set but empty");
        Path binary = Files.write(dir.resolve("binary"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x41});
        assertThatThrownBy(() -> SecretFiles.read(Map.of("INTAKE_JMS_PASSWORD_FILE", binary.toString()), Map.of()))
                .hasMessageContaining("INTAKE_JMS_PASSWORD_FILE")
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void aSecretGivenBothDirectlyAndAsAFileIsAnError() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "from-file\n");
        assertThatThrownBy(() -> SecretFiles.read(
                        Map.of("PATSNAP_CLIENT_SECRET_FILE", secret.toString(), "PATSNAP_CLIENT_SECRET", "direct"),
                        Map.of()))
                .hasMessage(
                        "both PATSNAP_CLIENT_SECRET and PATSNAP_CLIENT_SECRET_FILE are set: give patsnap.client-secret once");
        assertThatThrownBy(() -> SecretFiles.read(
                        Map.of("INTAKE_AMQP_PASSWORD_FILE", secret.toString()),
                        Map.of("intake.amqp.password", "direct")))
                .hasMessageContaining("both intake.amqp.password and");
        assertThatThrownBy(() -> SecretFiles.read(
                        Map.of("INTAKE_AMQP_PASSWORD_FILE", secret.toString()),
                        Map.of("intake.amqp.password.file", secret.toString())))
                .hasMessageContaining("both INTAKE_AMQP_PASSWORD_FILE and intake.amqp.password.file");
        // an empty variable (as compose files leave them) is not a value
        assertThat(SecretFiles.read(
                        Map.of("PATSNAP_CLIENT_SECRET_FILE", secret.toString(), "PATSNAP_CLIENT_SECRET", ""), Map.of()))
                .containsEntry("patsnap.client-secret", "from-file");
    }

    @Test
    void everyKeyHasItsVariable() {
        assertThat(SecretFiles.KEYS.stream().map(SecretFiles::variable))
                .contains(
                        "PATSNAP_CLIENT_SECRET",
                        "INTAKE_SFTP_PRIVATE_KEY_PASSPHRASE",
                        "CLUSTER_BROKER_PASSWORD",
                        "SINK_JDBC_PASSWORD");
    }
}
