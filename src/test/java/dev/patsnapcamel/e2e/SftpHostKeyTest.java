package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.model.OutputName;
import dev.patsnapcamel.support.LogCapture;
import dev.patsnapcamel.support.SftpTestServer;
import dev.patsnapcamel.support.Workspace;

/**
 * The SFTP intake refuses a server whose host key is not the one in the known-hosts file: one clear
 * ERROR (and an alert) naming the host and the file, nothing taken. Once the file holds the right key
 * the next look connects (here with a private key instead of a password) and takes the file.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/sftp-host-key/inbox",
            "outbox.dir=target/it/sftp-host-key/outbox",
            "state.dir=target/it/sftp-host-key/data",
            "patsnap.endpoints=license",
            "intake.sftp.enabled=true",
            "intake.sftp.host=127.0.0.1",
            "intake.sftp.username=alice",
            "intake.sftp.private-key-file=target/it/sftp-host-key/id_ecdsa",
            "intake.sftp.known-hosts-file=target/it/sftp-host-key/known_hosts",
            "intake.sftp.directory=drop",
            "intake.sftp.stable-ms=100",
            "intake.sftp.poll-ms=100",
            "intake.sftp.reconnect-attempts=1"
        })
class SftpHostKeyTest {

    static final Workspace workspace = new Workspace("sftp-host-key").wipe();
    static final Path KNOWN_HOSTS = workspace.root().resolve("known_hosts");
    static final LogCapture log = LogCapture.attach();
    static final SftpTestServer server = startServer();

    private static SftpTestServer startServer() {
        SftpTestServer sftp = new SftpTestServer(
                        workspace.root().resolve("sftp-home"), SftpTestServer.newKeyPair(), SftpTestServer.newKeyPair())
                .start();
        sftp.writeUserKey(workspace.root().resolve("id_ecdsa"));
        // the known-hosts file names this host and port, but with another key than the server has
        sftp.writeKnownHosts(KNOWN_HOSTS, SftpTestServer.newKeyPair());
        System.setProperty("intake.sftp.port", Integer.toString(sftp.port()));
        sftp.put("drop", "waiting.txt", "US11205304B2\nCN1394453A\n");
        return sftp;
    }

    @AfterAll
    static void stopServer() {
        System.clearProperty("intake.sftp.port");
        server.stop();
        log.close();
    }

    @Test
    void aHostKeyMismatchIsRefusedClearlyUntilTheKnownHostsFileIsRight() throws IOException {
        String where = "127.0.0.1:" + server.port();
        await().atMost(Duration.ofSeconds(20)).until(() -> !refusals().isEmpty());

        // nothing is taken while the key does not match, and the ERROR is not repeated at every look
        await().during(Duration.ofMillis(800))
                .atMost(Duration.ofSeconds(10))
                .until(() -> server.files("drop").contains("waiting.txt"));
        assertThat(refusals())
                .singleElement()
                .asString()
                .contains("SFTP intake refuses to connect to " + where)
                .contains("does not match the key for this host in the known-hosts file " + KNOWN_HOSTS)
                .contains("HostKey has been changed");
        assertThat(Files.exists(workspace.outbox().resolve("reports"))).isFalse();
        JsonNode alert = Workspace.readJson(singleAlert());
        assertThat(alert.get("kind").asText()).isEqualTo("sftp-host-key");
        assertThat(alert.get("severity").asText()).isEqualTo("error");
        assertThat(alert.get("host").asText()).isEqualTo("127.0.0.1");
        assertThat(alert.get("port").asInt()).isEqualTo(server.port());
        assertThat(alert.get("known_hosts_file").asText()).isEqualTo(KNOWN_HOSTS.toString());

        // the operator checks the fingerprint and puts the right key in: the next look connects
        server.writeKnownHosts(KNOWN_HOSTS, server.hostKey());

        JsonNode report =
                workspace.awaitReport(OutputName.of("sftp:127.0.0.1/drop/waiting.txt"), Duration.ofSeconds(20));
        assertThat(report.get("source").asText()).isEqualTo("sftp:127.0.0.1/drop/waiting.txt");
        assertThat(report.get("ids_unique").asLong()).isEqualTo(2);
        assertThat(workspace.ledger("license")).hasSize(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.files("drop").isEmpty());
        assertThat(server.files("drop/.done")).singleElement().asString().endsWith("-waiting.txt");
        assertThat(log.messages(Level.INFO)).anyMatch(m -> m.contains("connected to alice@" + where + " again"));
    }

    private static List<String> refusals() {
        return log.messages(Level.ERROR).stream()
                .filter(m -> m.contains("refuses to connect"))
                .toList();
    }

    private static Path singleAlert() throws IOException {
        try (Stream<Path> alerts = Files.list(workspace.outbox().resolve("alerts"))) {
            List<Path> files = alerts.filter(p -> p.getFileName().toString().endsWith("-sftp-host-key.json"))
                    .toList();
            assertThat(files).hasSize(1);
            return files.get(0);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
