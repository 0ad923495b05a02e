package dev.patsnapcamel.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class JdbcProcessedRepositoryTest {

    @Test
    void remembersPerConsumerAcrossInstancesAndForgetsOnRemove() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:processed;DB_CLOSE_DELAY=-1");
        StateStore store = new StateStore(h2);
        store.migrate();
        JdbcProcessedRepository alerts = started(new JdbcProcessedRepository(store, "alerts-to-mail"));

        assertThat(alerts.add("20261121T101530123Z-1-account-stopped.json")).isTrue();
        assertThat(alerts.add("20261121T101530123Z-1-account-stopped.json")).isFalse();
        assertThat(alerts.contains("20261121T101530123Z-1-account-stopped.json"))
                .isTrue();
        assertThat(started(new JdbcProcessedRepository(store, "other"))
                        .contains("20261121T101530123Z-1-account-stopped.json"))
                .isFalse();
        // a new instance (a restart) still knows it
        JdbcProcessedRepository again = started(new JdbcProcessedRepository(store, "alerts-to-mail"));
        assertThat(again.contains("20261121T101530123Z-1-account-stopped.json")).isTrue();
        // a failed exchange takes its key back
        assertThat(again.remove("20261121T101530123Z-1-account-stopped.json")).isTrue();
        assertThat(again.contains("20261121T101530123Z-1-account-stopped.json")).isFalse();
        assertThat(alerts.add("x".repeat(400))).isTrue();
        assertThat(alerts.contains("x".repeat(400))).isTrue();
    }

    /** As Camel starts it with the route that uses it: the cache is loaded from the table. */
    private static JdbcProcessedRepository started(JdbcProcessedRepository repository) {
        repository.start();
        return repository;
    }
}
