package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.output.ResultDatabase;
import dev.patsnapcamel.support.ResultRows;
import dev.patsnapcamel.support.Workspace;

/**
 * The database sink on its default database, an H2 file under {@code state.dir}: the schema is created from
 * empty, a file's answers end up as rows equal to the sandbox's data, running the same file again changes no
 * row count, and lines the database missed while it was down are caught up from the ledger.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/jdbc-sink/inbox",
            "outbox.dir=target/it/jdbc-sink/outbox",
            "state.dir=target/it/jdbc-sink/data",
            "outputs=ledger,jdbc",
            "outputs.retry.attempts=1",
            "outputs.retry.delay=10",
            "sink.jdbc.catch-up-interval=100"
        })
class JdbcSinkTest extends SandboxedBundleTest {

    static final Workspace workspace = new Workspace("jdbc-sink").wipe();

    @BeanInject("patsnapResultsDataSource")
    DataSource dataSource;

    @BeanInject
    ResultDatabase resultDatabase;

    @BeanInject
    CamelContext context;

    @Override
    Workspace workspace() {
        return workspace;
    }

    @BeforeEach
    void emptyTables() {
        new ResultRows(dataSource).clear();
    }

    @Test
    void schemaIsCreatedFromEmptyOnceAndMigratingAgainChangesNothing() {
        ResultRows rows = new ResultRows(dataSource);
        String history =
                "SELECT \"version\", \"type\", \"success\" FROM \"result_schema_history\" ORDER BY \"installed_rank\"";
        List<Map<String, Object>> applied = rows.query(history);
        // from empty: V1 to V3 run as SQL (no baseline), every table there and empty but the data origin's
        assertThat(applied)
                .filteredOn(r -> r.get("version") != null)
                .extracting(r -> r.get("version") + ":" + r.get("type") + ":" + r.get("success"))
                .containsExactly("1:SQL:true", "2:SQL:true", "3:SQL:true");
        assertThat(applied).noneSatisfy(r -> assertThat(r.get("type")).isEqualTo("BASELINE"));
        assertThat(rows.counts())
                .allSatisfy((table, n) -> assertThat(n).as(table).isZero());
        // marked at the first start as holding the sandbox's answers (this bundle calls its own sandbox)
        assertThat(rows.query("SELECT id, origin FROM result_data_origin"))
                .containsExactly(Map.of("id", 1, "origin", "sandbox"));

        // the start of each test method was a start on an existing schema; once more by hand: nothing to do
        assertThat(resultDatabase.migrate().migrationsExecuted).isZero();
        assertThat(rows.query(history)).isEqualTo(applied);
    }

    @Test
    void rowsEqualTheSandboxDataAndASecondRunChangesNoRowCount() {
        sampleTwiceGivesTheSameRows(workspace, new ResultRows(dataSource));
    }

    @Test
    void linesMissedWhileTheDatabaseWasDownAreCaughtUpFromTheLedger() throws IOException {
        ResultRows rows = new ResultRows(dataSource);
        Sample sample = Sample.of(40, 10);
        NotifyBuilder failedCatchUps = new NotifyBuilder(context)
                .fromRoute("jdbc-catch-up")
                .whenFailed(2)
                .create();
        // the database fails every statement of the sink: its tables are away
        rows.execute(
                "ALTER TABLE fetch_status RENAME TO fetch_status_away",
                "ALTER TABLE result_source RENAME TO result_source_away");
        try {
            workspace.drop("down.txt", sample.text());
            workspace.awaitReport("down.txt", Duration.ofSeconds(30));
            // the ledger is whole; the sink gave up with an alert; the catch-up fails and keeps its task
            assertThat(workspace.ledger("license").size())
                    .isEqualTo(sample.queries().size() + sample.rejected().size());
            assertThat(alerts())
                    .anySatisfy(a -> assertThat(a).contains("output-failed").contains("results-to-jdbc"));
            assertThat(failedCatchUps.matches(10, TimeUnit.SECONDS)).isTrue();
            assertThat(catchUpTasks()).hasSize(1);
        } finally {
            rows.execute(
                    "ALTER TABLE fetch_status_away RENAME TO fetch_status",
                    "ALTER TABLE result_source_away RENAME TO result_source");
        }
        assertThat(rows.counts().get("fetch_status")).isZero();

        await().atMost(Duration.ofSeconds(20)).until(() -> catchUpTasks().isEmpty());
        rows.assertHoldsSandboxAnswers(sample.queries(), sample.rejected());
        assertThat(rows.query("SELECT endpoint, lines FROM result_source ORDER BY endpoint"))
                .extracting(r -> r.get("lines"))
                .allSatisfy(n -> assertThat(((Number) n).longValue())
                        .isEqualTo(sample.queries().size() + sample.rejected().size()));
    }

    /**
     * Drops a sample file, checks the rows against the sandbox's data, then runs the same content again under
     * a new name and under the same name (the first file having moved to .done): no row count changes.
     */
    static void sampleTwiceGivesTheSameRows(Workspace workspace, ResultRows rows) {
        Sample sample = Sample.of(60, 20);
        workspace.drop("sample.txt", sample.text());
        workspace.awaitReport("sample.txt", Duration.ofSeconds(30));
        awaitCatchUpDone(workspace);
        rows.assertHoldsSandboxAnswers(sample.queries(), sample.rejected());
        Map<String, Long> counts = rows.counts();
        assertThat(counts.get("fetch_status"))
                .isEqualTo(3L * (sample.queries().size() + sample.rejected().size()));
        assertThat(counts.get("license_party")).isPositive();
        assertThat(counts.get("litigation_party")).isPositive();

        workspace.drop("sample-again.txt", sample.text());
        workspace.awaitReport("sample-again.txt", Duration.ofSeconds(30));
        awaitCatchUpDone(workspace);
        assertThat(rows.counts()).isEqualTo(counts);
        assertThat(rows.query("SELECT DISTINCT source FROM fetch_status"))
                .containsExactly(Map.of("source", "sample-again.txt"));

        try {
            Files.delete(workspace.report("sample.txt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        workspace.drop("sample.txt", sample.text());
        workspace.awaitReport("sample.txt", Duration.ofSeconds(30));
        awaitCatchUpDone(workspace);
        assertThat(rows.counts()).isEqualTo(counts);
        assertThat(rows.query("SELECT DISTINCT source FROM fetch_status"))
                .containsExactly(Map.of("source", "sample.txt"));
        rows.assertHoldsSandboxAnswers(sample.queries(), sample.rejected());
    }

    static void awaitCatchUpDone(Workspace workspace) {
        Path tasks = workspace.root().resolve("data").resolve("jdbc-catch-up");
        await().atMost(Duration.ofSeconds(10)).until(() -> list(tasks).stream().noneMatch(p -> p.endsWith(".json")));
    }

    private List<String> catchUpTasks() {
        return list(workspace.root().resolve("data").resolve("jdbc-catch-up")).stream()
                .filter(p -> p.endsWith(".json"))
                .toList();
    }

    private List<String> alerts() throws IOException {
        List<String> alerts = new ArrayList<>();
        for (String name : list(workspace.outbox().resolve("alerts"))) {
            alerts.add(Files.readString(workspace.outbox().resolve("alerts").resolve(name)));
        }
        return alerts;
    }

    private static List<String> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A file of mixed IDs: US numbers in several spellings, patent ids, duplicates and garbage (as in
     * {@link FileToLedgerTest}), plus Chinese, Japanese and German numbers (CJK text, contract numbers).
     */
    record Sample(String text, Set<String> queries, Set<String> rejected) {

        static Sample of(int numbers, int ids) {
            FileToLedgerTest.MixedIds mixed = FileToLedgerTest.MixedIds.generate(numbers, ids);
            Set<String> queries = new LinkedHashSet<>(mixed.uniqueValid());
            StringBuilder text = new StringBuilder(mixed.text());
            for (int i = 0; i < 12; i++) {
                String cn = "CN" + (110_000_000 + i * 7_331) + "A";
                String jp = "JP" + (4_600_000 + i * 977) + "B2";
                String de = "DE10" + (2_019_000_000L + i * 3_119) + "A1";
                for (String pn : List.of(cn, jp, de)) {
                    queries.add(pn);
                    text.append(pn).append('\n');
                }
            }
            return new Sample(text.toString(), queries, mixed.garbage());
        }
    }
}
