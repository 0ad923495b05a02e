package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.intake.SftpConnectionWatch;
import dev.patsnapcamel.model.OutputName;
import dev.patsnapcamel.support.Expected;
import dev.patsnapcamel.support.LogCapture;
import dev.patsnapcamel.support.SftpTestServer;
import dev.patsnapcamel.support.SlowWriter;
import dev.patsnapcamel.support.Workspace;

/**
 * The SFTP intake against a real SFTP server (Apache MINA SSHD) with password login and the host key
 * checked against a known-hosts file: a remote file ends with its ledger lines and report like a local
 * one and moves to .done on the server; an unreadable one moves to .failed with its report; a growing
 * file waits until complete; a dropped connection is made again.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/sftp-intake/inbox",
            "outbox.dir=target/it/sftp-intake/outbox",
            "state.dir=target/it/sftp-intake/data",
            "patsnap.endpoints=license,litigation",
            "intake.sftp.enabled=true",
            "intake.sftp.host=127.0.0.1",
            "intake.sftp.username=alice",
            "intake.sftp.known-hosts-file=target/it/sftp-intake/known_hosts",
            "intake.sftp.directory=inbox",
            "intake.sftp.stable-ms=300",
            "intake.sftp.poll-ms=100",
            "intake.sftp.reconnect-delay=100",
            "intake.sftp.reconnect-attempts=1",
            "intake.sftp.connect-timeout=2000"
        })
class SftpIntakeTest extends SandboxedBundleTest {

    static final String LICENSE = "/advanced-patent-data/license-data";
    static final String LITIGATION = "/high-value-data/litigation";
    static final Workspace workspace = new Workspace("sftp-intake").wipe();
    static final SftpTestServer server = startServer();

    @BeanInject
    SftpConnectionWatch connection;

    @Override
    Workspace workspace() {
        return workspace;
    }

    private static SftpTestServer startServer() {
        SftpTestServer sftp =
                new SftpTestServer(workspace.root().resolve("sftp-home"), SftpTestServer.newKeyPair(), null).start();
        sftp.writeKnownHosts(workspace.root().resolve("known_hosts"), sftp.hostKey());
        // read by the bundle like any -D option: the password (with characters that need RAW()) and the free port
        System.setProperty("intake.sftp.port", Integer.toString(sftp.port()));
        System.setProperty("intake.sftp.password", SftpTestServer.PASSWORD);
        return sftp;
    }

    @AfterAll
    static void stopServer() {
        System.clearProperty("intake.sftp.port");
        System.clearProperty("intake.sftp.password");
        server.stop();
    }

    @BeforeEach
    void emptyRemoteFolder() throws IOException {
        Path home = server.home();
        if (Files.exists(home)) {
            try (var walk = Files.walk(home)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .filter(p -> !p.equals(home))
                        .forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(home.resolve("inbox"));
    }

    @Test
    void aRemoteFileIsSettledLikeALocalOneAndMovedToDone() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            ids.add("US" + (30_000_000 + i * 13) + "B2");
        }
        List<String> content = new ArrayList<>(ids);
        content.add(ids.get(0).toLowerCase());
        content.add("not-a-patent!");
        server.put("inbox", "batch-0915.txt", "# from the partner\n" + String.join("\n", content) + "\n");

        JsonNode report =
                workspace.awaitReport(OutputName.of("sftp:127.0.0.1/inbox/batch-0915.txt"), Duration.ofSeconds(30));

        assertThat(report.get("source").asText()).isEqualTo("sftp:127.0.0.1/inbox/batch-0915.txt");
        assertThat(report.get("status").asText()).isEqualTo("complete");
        assertThat(report.get("ids_read").asLong()).isEqualTo(122);
        assertThat(report.get("ids_unique").asLong()).isEqualTo(121);
        assertThat(report.get("duplicates").asLong()).isEqualTo(1);
        assertThat(report.get("rejected_locally").asLong()).isEqualTo(1);
        for (String endpoint : List.of("license", "litigation")) {
            List<JsonNode> ledger = workspace.ledger(endpoint);
            assertThat(ledger).hasSize(121);
            assertThat(ledger)
                    .allSatisfy(
                            l -> assertThat(l.get("source").asText()).isEqualTo("sftp:127.0.0.1/inbox/batch-0915.txt"));
            String path = endpoint.equals("license") ? LICENSE : LITIGATION;
            for (JsonNode line : ledger) {
                String query = line.get("query").asText();
                if (query.equals("not-a-patent!")) {
                    assertThat(line.get("status").asText()).isEqualTo("rejected");
                    continue;
                }
                Expected expected = Expected.forQuery(path, query);
                assertThat(line.get("status").asText()).as(query).isEqualTo(expected.status());
                if (expected.records() != null) {
                    assertThat(line.get("records")).isEqualTo(expected.records());
                }
            }
            long settled = 0;
            for (String s : List.of("found", "empty", "not_found", "rejected", "failed")) {
                settled += report.at("/endpoints/" + endpoint + "/" + s).asLong();
            }
            assertThat(settled).isEqualTo(121);
        }
        // moved away on the server; the local working copy is gone too
        await().atMost(Duration.ofSeconds(10)).until(() -> server.files("inbox").isEmpty());
        assertThat(server.files("inbox/.done"))
                .singleElement()
                .asString()
                .matches("\\d{8}-\\d{6}\\.\\d{3}-batch-0915\\.txt");
        assertThat(server.files("inbox/.failed")).isEmpty();
        assertThat(localWorkFiles()).isEmpty();
    }

    @Test
    void anUnreadableRemoteFileMovesToFailedWithItsReport() {
        server.put("inbox", "scan.txt", new byte[] {'U', 'S', 0, 1, 2, (byte) 0xff, 0, 0});

        JsonNode report = workspace.awaitReport(OutputName.of("sftp:127.0.0.1/inbox/scan.txt"), Duration.ofSeconds(20));

        assertThat(report.get("status").asText()).isEqualTo("unreadable");
        assertThat(report.get("source").asText()).isEqualTo("sftp:127.0.0.1/inbox/scan.txt");
        assertThat(report.get("error").asText()).isNotBlank();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> server.files("inbox/.failed").size() == 1);
        assertThat(server.files("inbox/.failed")).singleElement().asString().endsWith("-scan.txt");
        assertThat(server.files("inbox")).isEmpty();
        assertThat(workspace.ledger("license")).isEmpty();
    }

    @Test
    void aFileStillBeingWrittenIsTakenOnlyWhenComplete() throws Exception {
        Path file = server.home().resolve("inbox").resolve("growing.txt");
        int lines = 30;
        // a slow uploader: one line every 50 ms, faster than the 300 ms the file must stay unchanged
        try (SlowWriter uploader = SlowWriter.start(file, lines, 40_000_000, Duration.ofMillis(50))) {
            assertThat(uploader.awaitWritten(Duration.ofSeconds(10))).isTrue();
        }

        JsonNode report =
                workspace.awaitReport(OutputName.of("sftp:127.0.0.1/inbox/growing.txt"), Duration.ofSeconds(20));

        assertThat(report.get("ids_read").asLong()).isEqualTo(lines);
        assertThat(workspace.ledger("license")).hasSize(lines);
        assertThat(workspace.ledger("litigation")).hasSize(lines);
    }

    @Test
    void aFileSettledBeforeIsOnlyMovedAwayWhenItIsFoundAgain() throws IOException {
        try (LogCapture log = LogCapture.attach()) {
            server.put("inbox", "again.txt", "US11205304B2\nCN1394453A\n");
            workspace.awaitReport(OutputName.of("sftp:127.0.0.1/inbox/again.txt"), Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> log.messages(Level.INFO).stream()
                            .anyMatch(m -> m.startsWith("Report written")
                                    && m.endsWith(OutputName.of("sftp:127.0.0.1/inbox/again.txt") + ".json")));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.files("inbox/.done").size() == 1);

            // as if moving it away had failed: the same file (name, size, time stamp) is there again
            Path done = server.home()
                    .resolve("inbox/.done")
                    .resolve(server.files("inbox/.done").get(0));
            Files.copy(done, server.home().resolve("inbox/.again.txt.part"), StandardCopyOption.COPY_ATTRIBUTES);
            Files.move(
                    server.home().resolve("inbox/.again.txt.part"),
                    server.home().resolve("inbox/again.txt"),
                    StandardCopyOption.ATOMIC_MOVE);

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.files("inbox").isEmpty());
            assertThat(server.files("inbox/.done")).hasSize(2);
            assertThat(log.messages(Level.WARN))
                    .anyMatch(m -> m.contains("sftp:127.0.0.1/inbox/again.txt was settled " + "completely before"));
            assertThat(workspace.ledger("license")).hasSize(2);
            assertThat(workspace.ledger("litigation")).hasSize(2);
        }
    }

    @Test
    void anEmptyFileSettlesAndLinksAndPipesOnTheServerAreNotRead() throws Exception {
        try (LogCapture log = LogCapture.attach()) {
            Path secret = Files.writeString(server.home().resolve("secret.txt"), "TOPSECRET-SFTP-4711\n");
            Path inbox = server.home().resolve("inbox");
            Files.createSymbolicLink(inbox.resolve("link.txt"), secret.toAbsolutePath());
            Process mkfifo =
                    new ProcessBuilder("mkfifo", inbox.resolve("pipe.txt").toString()).start();
            assertThat(mkfifo.waitFor()).isZero();
            server.put("inbox", "empty.txt", "");
            // too long for the local work folder's ".inprogress" suffix, and a long name that fits
            Files.writeString(inbox.resolve("y".repeat(250)), "CN1394453A\n");
            Files.writeString(inbox.resolve("z".repeat(240)), "JP4627367B2\n");
            server.put("inbox", "next.txt", "US11205304B2\n");

            JsonNode empty =
                    workspace.awaitReport(OutputName.of("sftp:127.0.0.1/inbox/empty.txt"), Duration.ofSeconds(30));
            JsonNode next =
                    workspace.awaitReport(OutputName.of("sftp:127.0.0.1/inbox/next.txt"), Duration.ofSeconds(30));

            assertThat(empty.get("status").asText()).isEqualTo("complete");
            assertThat(empty.get("ids_read").asLong()).isZero();
            assertThat(next.get("ids_read").asLong()).isEqualTo(1);
            JsonNode longName = workspace.awaitReport(
                    OutputName.of("sftp:127.0.0.1/inbox/" + "z".repeat(240)), Duration.ofSeconds(30));
            assertThat(longName.get("source").asText()).isEqualTo("sftp:127.0.0.1/inbox/" + "z".repeat(240));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.files("inbox/.done").size() == 3);
            // the link and the pipe stay where they are, unread, with one WARN line each however often it looks
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> log.messages(Level.WARN).stream()
                                    .filter(m -> m.startsWith("SFTP entry "))
                                    .count()
                            >= 3);
            assertThat(log.messages(Level.WARN))
                    .filteredOn(m -> m.startsWith("SFTP entry inbox/" + "y".repeat(250)))
                    .singleElement()
                    .asString()
                    .contains("too long to be downloaded");
            // (the listing follows the link)
            assertThat(server.files("inbox")).containsExactlyInAnyOrder("y".repeat(250), "link.txt");
            assertThat(Files.isSymbolicLink(inbox.resolve("link.txt"))).isTrue();
            assertThat(Files.exists(inbox.resolve("pipe.txt"))).isTrue();
            assertThat(log.messages(Level.WARN))
                    .filteredOn(m -> m.startsWith("SFTP entry ") && m.contains("link.txt"))
                    .hasSize(1);
            assertThat(log.messages(Level.WARN))
                    .filteredOn(m -> m.startsWith("SFTP entry ") && m.contains("pipe.txt"))
                    .hasSize(1);
            assertThat(log.texts()).noneMatch(t -> t.contains("TOPSECRET-SFTP-4711"));
            assertThat(workspace.ledger("license"))
                    .extracting(l -> l.get("query").asText())
                    .containsExactlyInAnyOrder("US11205304B2", "JP4627367B2");
        }
    }

    @Test
    void aDroppedConnectionIsMadeAgain() {
        server.put("inbox", "before.txt", "US11205304B2\n");
        workspace.awaitReport(OutputName.of("sftp:127.0.0.1/inbox/before.txt"), Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.files("inbox").isEmpty());
        int port = server.port();

        server.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> "unreachable".equals(connection.problem()));
        server.start(port);
        server.put("inbox", "after.txt", "CN1394453A\nJP4627367B2\n");

        JsonNode report =
                workspace.awaitReport(OutputName.of("sftp:127.0.0.1/inbox/after.txt"), Duration.ofSeconds(30));
        assertThat(report.get("ids_unique").asLong()).isEqualTo(2);
        assertThat(workspace.ledger("license"))
                .extracting(l -> l.get("query").asText())
                .containsExactlyInAnyOrder("US11205304B2", "CN1394453A", "JP4627367B2");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.files("inbox").isEmpty());
        assertThat(connection.problem()).isNull();
    }

    private static List<String> localWorkFiles() {
        Path work = workspace.root().resolve("data").resolve("sftp-work");
        if (!Files.isDirectory(work)) {
            return List.of();
        }
        try (var list = Files.walk(work)) {
            return list.filter(Files::isRegularFile).map(Path::toString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
