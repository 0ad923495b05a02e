package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.ResultRows;
import dev.patsnapcamel.support.Workspace;

/**
 * The database sink on a real PostgreSQL server, by configuration only ({@code sink.jdbc.url}): the schema is
 * created in an empty database, a file's answers end up as rows equal to the sandbox's data, and running the
 * same file again changes no row count.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/jdbc-sink-postgres/inbox",
            "outbox.dir=target/it/jdbc-sink-postgres/outbox",
            "state.dir=target/it/jdbc-sink-postgres/data",
            "outputs=ledger,jdbc",
            "sink.jdbc.username=postgres",
            "sink.jdbc.password=postgres",
            "sink.jdbc.catch-up-interval=100"
        })
class JdbcSinkPostgresTest extends SandboxedBundleTest {

    static final Workspace workspace = new Workspace("jdbc-sink-postgres").wipe();
    static final EmbeddedPostgres POSTGRES = startPostgres();

    /** The bundle's pool to the server (one connection per query would make the checks slow). */
    @BeanInject("patsnapResultsDataSource")
    DataSource dataSource;

    @Override
    Workspace workspace() {
        return workspace;
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        System.clearProperty("sink.jdbc.url");
        POSTGRES.close();
    }

    @Test
    void schemaFromEmptyThenRowsEqualTheSandboxDataAndASecondRunChangesNoRowCount() {
        ResultRows rows = new ResultRows(dataSource);
        List<Map<String, Object>> history = rows.query(
                "SELECT version, type, success FROM result_schema_history WHERE version IS NOT NULL ORDER BY installed_rank");
        assertThat(history)
                .extracting(r -> r.get("version") + ":" + r.get("type") + ":" + r.get("success"))
                .containsExactly("1:SQL:true", "2:SQL:true", "3:SQL:true");
        assertThat(rows.counts())
                .allSatisfy((table, n) -> assertThat(n).as(table).isZero());

        JdbcSinkTest.sampleTwiceGivesTheSameRows(workspace, rows);
    }

    private static EmbeddedPostgres startPostgres() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.start();
            // read by the bundle like any -D option: the only change from the default H2 file
            System.setProperty(
                    "sink.jdbc.url", postgres.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true");
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL", e);
        }
    }
}
