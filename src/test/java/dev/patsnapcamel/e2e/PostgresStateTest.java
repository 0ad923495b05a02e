package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.ClusterServers;
import dev.patsnapcamel.support.Expected;
import dev.patsnapcamel.support.Workspace;

/**
 * The state database on a real PostgreSQL server instead of the embedded H2 file: a configuration
 * change only ({@code state.jdbc.url}), which is how several nodes will share the work.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/postgres-state/inbox",
            "outbox.dir=target/it/postgres-state/outbox",
            "state.jdbc.username=postgres",
            "state.jdbc.password=postgres",
            "patsnap.endpoints=license,litigation",
            "patsnap.batch.size=20",
            "patsnap.stop.probe-interval=500",
            "patsnap.batch.recovery-interval=200"
        })
class PostgresStateTest extends SandboxedBundleTest {

    static final String LICENSE = "/advanced-patent-data/license-data";
    static final Workspace workspace = new Workspace("postgres-state").wipe();
    static final EmbeddedPostgres POSTGRES = ClusterServers.stateDatabase();

    @Override
    Workspace workspace() {
        return workspace;
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        System.clearProperty("state.jdbc.url");
        POSTGRES.close();
    }

    @Test
    void aFileIsSettledExactlyOnceWithItsStateInPostgres() throws SQLException {
        List<String> ids = ids(95);
        List<String> content = new ArrayList<>(ids);
        content.addAll(ids.subList(0, 10));
        content.add("not-a-patent!");
        workspace.drop("pg.txt", String.join("\n", content));

        JsonNode report = workspace.awaitReport("pg.txt", Duration.ofSeconds(30));

        assertThat(report.get("ids_read").asLong()).isEqualTo(106);
        assertThat(report.get("ids_unique").asLong()).isEqualTo(96);
        assertThat(report.get("duplicates").asLong()).isEqualTo(10);
        assertThat(report.get("rejected_locally").asLong()).isEqualTo(1);
        for (String endpoint : List.of("license", "litigation")) {
            Map<String, Long> perQuery = workspace.ledger(endpoint).stream()
                    .collect(Collectors.groupingBy(l -> l.get("query").asText(), Collectors.counting()));
            assertThat(perQuery).hasSize(96).allSatisfy((q, n) -> assertThat(n).isEqualTo(1));
        }
        assertThat(workspace.ledger("license"))
                .filteredOn(l -> !l.get("status").asText().equals("rejected"))
                .allSatisfy(l -> assertThat(l.get("status").asText())
                        .isEqualTo(Expected.forQuery(LICENSE, l.get("query").asText())
                                .status()));
        // the state lives in PostgreSQL, and a completed file leaves nothing pending behind
        // the source is retired (its per-ID rows dropped) and the last batch's row goes once their exchanges
        // complete, which can be just after the report is written: await that state, not the moment of the report
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> count("SELECT COUNT(*) FROM patsnap_source WHERE source = 'pg.txt' AND completed") == 1
                        && count("SELECT COUNT(*) FROM patsnap_batch") == 0
                        && count("SELECT COUNT(*) FROM patsnap_intake") == 0
                        && count("SELECT COUNT(*) FROM patsnap_settled") == 0);
        assertThat(count("SELECT COUNT(*) FROM state_schema_history WHERE success AND version IS NOT NULL"))
                .isEqualTo(10);
    }

    @Test
    void parkedBatchesWaitInPostgresAndResume() throws SQLException {
        sandbox.settings().injectError(null, 67200005, -1);
        workspace.drop("parked.txt", String.join("\n", ids(30)));

        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> count("SELECT COUNT(*) FROM patsnap_batch WHERE completed") >= 2);
        assertThat(workspace.ledger("license")).isEmpty();

        sandbox.settings().clearInjections();

        workspace.awaitReport("parked.txt", Duration.ofSeconds(30));
        assertThat(workspace.ledger("license")).hasSize(30);
        // the last batch's row goes once its exchange completes, which can be just after the report is written
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> count("SELECT COUNT(*) FROM patsnap_batch") == 0);
    }

    private static List<String> ids(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add("US" + (60_000_000 + i * 7) + "B2");
        }
        return ids;
    }

    private static long count(String sql) throws SQLException {
        return ClusterServers.count(POSTGRES, sql);
    }
}
