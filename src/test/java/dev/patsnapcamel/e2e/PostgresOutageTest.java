package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.Workspace;

/**
 * The state database on PostgreSQL goes away in the middle of a file and comes back a few seconds later
 * (stopped and started on the same port and data folder): no ID of the file is lost. Every ID gets exactly
 * one ledger line per endpoint and the file its report (it is not moved to {@code .failed/}).
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/postgres-outage/inbox",
            "outbox.dir=target/it/postgres-outage/outbox",
            "state.jdbc.username=postgres",
            "state.jdbc.password=postgres",
            "patsnap.endpoints=license,litigation",
            "patsnap.batch.size=20",
            "patsnap.stop.probe-interval=500",
            "patsnap.batch.recovery-interval=200"
        })
class PostgresOutageTest extends SandboxedBundleTest {

    static final Workspace workspace = new Workspace("postgres-outage").wipe();
    static final int PORT = freePort();
    static final Path DATA = workspace.root().resolve("postgres");
    static EmbeddedPostgres postgres = startPostgres();

    @Override
    Workspace workspace() {
        return workspace;
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        System.clearProperty("state.jdbc.url");
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void theStateDatabaseRestartedMidFileLosesNoId() throws Exception {
        int total = 4000;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            ids.add("US" + (70_000_000 + i * 7) + "B2");
        }
        workspace.drop("outage.txt", String.join("\n", ids));

        // in the middle of the file: some IDs handed on, the file not read to its end
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> count("SELECT COUNT(*) FROM patsnap_intake") >= 300);
        postgres.close();
        postgres = null;
        // a few seconds without a database (the bundle keeps reading and calling meanwhile)
        Awaitility.await()
                .pollDelay(Duration.ofSeconds(4))
                .atMost(Duration.ofSeconds(5))
                .until(() -> true);
        postgres = startPostgres();

        JsonNode report = workspace.awaitReport("outage.txt", Duration.ofSeconds(120));

        assertThat(report.get("ids_unique").asLong()).isEqualTo(total);
        for (String endpoint : List.of("license", "litigation")) {
            Map<String, Long> perQuery = workspace.ledger(endpoint).stream()
                    .collect(Collectors.groupingBy(l -> l.get("query").asText(), Collectors.counting()));
            assertThat(ids).allSatisfy(id -> assertThat(perQuery).containsEntry(id, 1L));
            assertThat(perQuery).hasSize(total);
        }
        assertThat(workspace.inboxFiles(".failed")).isEmpty();
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EmbeddedPostgres startPostgres() {
        try {
            EmbeddedPostgres started = EmbeddedPostgres.builder()
                    .setDataDirectory(DATA)
                    .setCleanDataDirectory(false)
                    .setPort(PORT)
                    .start();
            // read by the bundle like any -D option: the same URL before and after the restart
            System.setProperty("state.jdbc.url", started.getJdbcUrl("postgres", "postgres"));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL on port " + PORT, e);
        }
    }
}
