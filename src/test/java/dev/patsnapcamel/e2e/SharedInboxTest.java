package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.model.OutputName;
import dev.patsnapcamel.support.Broker;
import dev.patsnapcamel.support.ClusterServers;
import dev.patsnapcamel.support.SftpTestServer;
import dev.patsnapcamel.support.Workspace;

/**
 * A shared inbox in cluster mode, on a real PostgreSQL state database: a file another live node has claimed
 * is not read by this node, and does not hold up the files after it; once the other node's claims are
 * released (direct:input-takeover, as for a gone node) this node reads it, and its own claim goes once the
 * file has moved to .done/. The same for a file on the SFTP server, which stays there while it is read.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/shared-inbox/inbox",
            "outbox.dir=target/it/shared-inbox/outbox",
            "state.jdbc.username=postgres",
            "state.jdbc.password=postgres",
            "patsnap.endpoints=license",
            "patsnap.batch.size=20",
            "state.dir=target/it/shared-inbox/data",
            "intake.sftp.enabled=true",
            "intake.sftp.host=127.0.0.1",
            "intake.sftp.username=alice",
            "intake.sftp.known-hosts-file=target/it/shared-inbox/known_hosts",
            "intake.sftp.directory=inbox",
            "intake.sftp.stable-time=300ms",
            "intake.sftp.poll-interval=100ms",
            "intake.sftp.read-lock-timeout=60s",
            "cluster.enabled=true",
            "cluster.broker.username=" + Broker.USER,
            "cluster.broker.password=" + Broker.PASSWORD,
            "cluster.node-id=node-here",
            // a claimed file that made the lock wait would hold up the next file for a minute
            "intake.file.read-lock-timeout=60s"
        })
class SharedInboxTest extends SandboxedBundleTest {

    static final Workspace workspace = new Workspace("shared-inbox").wipe();
    static final EmbeddedPostgres POSTGRES = ClusterServers.stateDatabase();
    // cluster mode needs the broker the nodes share its batches through
    static final Broker BROKER = ClusterServers.clusterBroker("shared-inbox");
    static final SftpTestServer SFTP = startSftp();

    @BeanInject
    ProducerTemplate template;

    @Override
    Workspace workspace() {
        return workspace;
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        System.clearProperty("state.jdbc.url");
        System.clearProperty("cluster.broker.url");
        BROKER.stop();
        System.clearProperty("intake.sftp.port");
        System.clearProperty("intake.sftp.password");
        SFTP.stop();
        POSTGRES.close();
    }

    @Test
    void aRemoteFileClaimedByAnotherNodeIsLeftOnTheServerUntilItsClaimsAreReleased() throws Exception {
        Files.createDirectories(SFTP.home().resolve("inbox"));
        // staged under a dot name (never taken), claimed by the other node, then renamed into sight
        Path staged = SFTP.home().resolve("inbox").resolve(".c-claimed.txt.part");
        Files.writeString(staged, String.join("\n", ids(200, 12)), StandardCharsets.UTF_8);
        // SFTP lists whole seconds
        Files.setLastModifiedTime(staged, FileTime.fromMillis(System.currentTimeMillis() / 1000 * 1000 - 5000));
        String fingerprint = "sftp:alice@127.0.0.1:" + SFTP.port() + "/inbox/c-claimed.txt|" + Files.size(staged) + "|"
                + Files.getLastModifiedTime(staged).toMillis();
        update(
                "INSERT INTO patsnap_inbox_claim (claim_key, fingerprint, node_id, claimed_at)"
                        + " VALUES (?, ?, 'node-sftp', CURRENT_TIMESTAMP)",
                fingerprint,
                fingerprint);
        Files.move(staged, SFTP.home().resolve("inbox").resolve("c-claimed.txt"));
        SFTP.put("inbox", "d-free.txt", String.join("\n", ids(300, 8)));

        assertThat(workspace
                        .awaitReport(remote("d-free.txt"), Duration.ofSeconds(30))
                        .get("ids_unique")
                        .asLong())
                .isEqualTo(8);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> SFTP.files("inbox/.done").size() == 1);
        assertThat(SFTP.files("inbox")).contains("c-claimed.txt");
        assertThat(Files.exists(workspace.report(remote("c-claimed.txt")))).isFalse();
        assertThat(count("SELECT COUNT(*) FROM patsnap_source WHERE source = ?", "sftp:127.0.0.1/inbox/c-claimed.txt"))
                .isZero();

        template.sendBody("direct:input-takeover", "node-sftp");

        assertThat(workspace
                        .awaitReport(remote("c-claimed.txt"), Duration.ofSeconds(30))
                        .get("ids_unique")
                        .asLong())
                .isEqualTo(12);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> SFTP.files("inbox/.done").size() == 2
                        && count("SELECT COUNT(*) FROM patsnap_inbox_claim") == 0);
    }

    private static String remote(String name) {
        return OutputName.of("sftp:127.0.0.1/inbox/" + name);
    }

    private static SftpTestServer startSftp() {
        SftpTestServer sftp =
                new SftpTestServer(workspace.root().resolve("sftp-home"), SftpTestServer.newKeyPair(), null).start();
        sftp.writeKnownHosts(workspace.root().resolve("known_hosts"), sftp.hostKey());
        System.setProperty("intake.sftp.port", Integer.toString(sftp.port()));
        System.setProperty("intake.sftp.password", SftpTestServer.PASSWORD);
        return sftp;
    }

    @Test
    void aFileClaimedByAnotherNodeIsLeftToItUntilItsClaimsAreReleased() throws Exception {
        // the other node has claimed a-claimed.txt (by the fingerprint the intake gives it) and is reading it
        Path claimed = stage("a-claimed.txt", ids(0, 25));
        String fingerprint = "file:a-claimed.txt|" + Files.size(claimed) + "|"
                + Files.getLastModifiedTime(claimed).toMillis();
        update(
                "INSERT INTO patsnap_inbox_claim (claim_key, fingerprint, node_id, claimed_at)"
                        + " VALUES (?, ?, 'node-other', CURRENT_TIMESTAMP)",
                fingerprint,
                fingerprint);
        Files.move(claimed, workspace.inbox().resolve("a-claimed.txt"));
        workspace.drop("b-free.txt", String.join("\n", ids(100, 30)));

        // this node reads the free file at once, and leaves the claimed one alone
        assertThat(workspace
                        .awaitReport("b-free.txt", Duration.ofSeconds(30))
                        .get("ids_unique")
                        .asLong())
                .isEqualTo(30);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> workspace.inboxFiles(".done").size() == 1);
        assertThat(Files.exists(workspace.inbox().resolve("a-claimed.txt"))).isTrue();
        assertThat(Files.exists(workspace.report("a-claimed.txt"))).isFalse();
        assertThat(count("SELECT COUNT(*) FROM patsnap_source WHERE source = ?", "a-claimed.txt"))
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM patsnap_inbox_claim WHERE node_id = 'node-other'"))
                .isEqualTo(1);
        // this node's claim of the free file went with the file
        await().atMost(Duration.ofSeconds(10))
                .until(() -> count("SELECT COUNT(*) FROM patsnap_inbox_claim WHERE node_id = 'node-here'") == 0);

        // the other node is gone: its claims are released, and the next poll reads its file here
        template.sendBody("direct:input-takeover", "node-other");

        assertThat(workspace
                        .awaitReport("a-claimed.txt", Duration.ofSeconds(30))
                        .get("ids_unique")
                        .asLong())
                .isEqualTo(25);
        assertThat(workspace.ledger("license")).hasSize(55);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> workspace.inboxFiles(".done").size() == 2
                        && count("SELECT COUNT(*) FROM patsnap_inbox_claim") == 0);
    }

    private static Path stage(String name, List<String> lines) throws IOException {
        Path staged = workspace.root().resolve(name + ".staged");
        Files.writeString(staged, String.join("\n", lines), StandardCharsets.UTF_8);
        // a whole second, so that no file system rounds it differently
        Files.setLastModifiedTime(staged, FileTime.fromMillis(System.currentTimeMillis() / 1000 * 1000 - 5000));
        return staged;
    }

    private static List<String> ids(int from, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            ids.add("US" + (61_000_000 + i * 7) + "B2");
        }
        return ids;
    }

    private static void update(String sql, Object... args) throws SQLException {
        try (Connection c = POSTGRES.getPostgresDatabase().getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }

    private static long count(String sql, Object... args) throws SQLException {
        return ClusterServers.count(POSTGRES, sql, args);
    }
}
