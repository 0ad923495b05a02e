package dev.patsnapcamel.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Several nodes starting at the same moment on one fresh PostgreSQL (issue 14: "duplicate key value violates
 * unique constraint pg_type_typname_nsp_index" was seen): each builds its state store and migrates at once;
 * Flyway's PostgreSQL advisory lock lets one create the schema, the others find it made; the same for the result
 * database's schema in that same database.
 */
class ConcurrentMigrationTest {

    @Test
    void threeNodesMigratingAtOnceAllSucceedAndTheSchemaIsMadeOnce() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            int nodes = 3;
            CountDownLatch ready = new CountDownLatch(nodes);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(nodes);
            try {
                List<Future<MigrateResult>> results = new ArrayList<>();
                for (int i = 0; i < nodes; i++) {
                    results.add(pool.submit(() -> {
                        StateStore state = new StateStore(postgres.getPostgresDatabase());
                        ready.countDown();
                        assertThat(go.await(30, TimeUnit.SECONDS)).isTrue();
                        MigrateResult migrated = state.migrate();
                        // the result database too, here in the same database (a cluster may share one)
                        assertThat(new Database(postgres.getPostgresDatabase())
                                        .migrate("db/results", "result_schema_history", java.util.Map.of())
                                        .success)
                                .isTrue();
                        return migrated;
                    }));
                }
                assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
                go.countDown();
                int executed = 0;
                for (Future<MigrateResult> result : results) {
                    MigrateResult migrated = result.get(60, TimeUnit.SECONDS);
                    assertThat(migrated.success).isTrue();
                    executed += migrated.migrationsExecuted;
                }
                JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
                List<String> versions = jdbc.queryForList(
                        "SELECT version FROM state_schema_history WHERE success AND version IS NOT NULL "
                                + "AND version <> '0' ORDER BY installed_rank",
                        String.class);
                assertThat(versions).doesNotHaveDuplicates().isNotEmpty();
                assertThat(executed).as("each migration ran once, on one node").isEqualTo(versions.size());
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM patsnap_node", Integer.class))
                        .isZero();
                assertThat(new StateStore(postgres.getPostgresDatabase()).migrate().migrationsExecuted)
                        .isZero();
                List<String> resultVersions = jdbc.queryForList(
                        "SELECT version FROM result_schema_history WHERE success AND version IS NOT NULL "
                                + "AND version <> '0' ORDER BY installed_rank",
                        String.class);
                assertThat(resultVersions).isNotEmpty().doesNotHaveDuplicates();
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
