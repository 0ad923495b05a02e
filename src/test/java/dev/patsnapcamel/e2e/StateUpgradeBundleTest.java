package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.state.StateSchemaUpgradeTest;
import dev.patsnapcamel.support.Workspace;

/**
 * The bundle starts on a state database (an H2 file) made by the release before Flyway, with its rows: the
 * schema is baselined and brought up to date at start-up, the rows are kept (what was mailed stays mailed),
 * and a new input is processed as always.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/state-upgrade/inbox", "outbox.dir=target/it/state-upgrade/outbox",
            "state.dir=target/it/state-upgrade/state", "patsnap.endpoints=license"
        })
class StateUpgradeBundleTest extends SandboxedBundleTest {

    static final Workspace workspace = new Workspace("state-upgrade").wipe();
    static final String URL = oldStateDatabase();

    @Override
    Workspace workspace() {
        return workspace;
    }

    @Test
    void aStateDatabaseOfThePreviousReleaseIsTakenOverAtStartUp() throws SQLException {
        workspace.drop("after-upgrade.txt", "US11205304B2\nUS10000001B2\n");

        JsonNode report = workspace.awaitReport("after-upgrade.txt", Duration.ofSeconds(60));

        assertThat(report.get("ids_unique").asLong()).isEqualTo(2);
        assertThat(workspace.ledger("license")).hasSize(2);
        // baselined at 0, then V1 (idempotent over the old tables), V2, V3 (stored answers) and V4 (the bill)
        assertThat(history())
                .containsExactly(
                        "0 BASELINE",
                        "1 SQL",
                        "2 SQL",
                        "3 SQL",
                        "4 SQL",
                        "5 SQL",
                        "6 SQL",
                        "7 SQL",
                        "8 SQL",
                        "9 SQL",
                        "10 SQL");
        assertThat(count("SELECT COUNT(*) FROM patsnap_source WHERE source_key = 'k-old' AND completed"))
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'alerts-to-mail'"
                        + " AND messageId = '20261130T100000000Z-1-account-stopped.json'"))
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM patsnap_source WHERE source = 'after-upgrade.txt' AND intake = 'file'"))
                .isEqualTo(1);
    }

    /** The state schema's history (Flyway quotes its names: lower case in H2). */
    private static List<String> history() throws SQLException {
        List<String> rows = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection(URL);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT \"version\", \"type\" FROM \"state_schema_history\""
                        + " WHERE \"success\" AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return rows;
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The H2 file of state.dir, made with the previous release's DDL and holding its rows, before the bundle starts. */
    private static String oldStateDatabase() {
        try {
            Path dir = Path.of("target/it/state-upgrade/state").toAbsolutePath();
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve("patsnap-state.mv.db"));
            String url = "jdbc:h2:file:" + dir.resolve("patsnap-state") + ";AUTO_SERVER=FALSE";
            try (Connection c = DriverManager.getConnection(url);
                    Statement s = c.createStatement()) {
                for (String sql : StateSchemaUpgradeTest.oldSchema(false)) {
                    s.execute(sql);
                }
                for (String sql : List.of(
                        "INSERT INTO patsnap_source VALUES ('k-old', 'old.txt', 'file:old.txt|10|1', 'license',"
                                + " '2026-11-29T10:00:00Z', 1, TRUE, TRUE, 'file')",
                        "INSERT INTO patsnap_processed VALUES ('alerts-to-mail', '20261130T100000000Z-1-account-stopped.json')",
                        "INSERT INTO patsnap_state_origin VALUES (1, 'sandbox', '2026-11-29T09:00:00Z')")) {
                    s.execute(sql);
                }
            }
            return url;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
