package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.api.SharedRate;
import dev.patsnapcamel.support.Broker;
import dev.patsnapcamel.support.ClusterServers;
import dev.patsnapcamel.support.Workspace;

/**
 * A bundle in cluster mode on PostgreSQL: its business calls take the tokens of the account's one bucket in
 * the state database (the call-rate step, {@code callSpacing} with {@code sharedRate}).
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/shared-rate/inbox",
            "outbox.dir=target/it/shared-rate/outbox",
            "state.jdbc.username=postgres",
            "state.jdbc.password=postgres",
            "cluster.enabled=true",
            "cluster.broker.username=" + Broker.USER,
            "cluster.broker.password=" + Broker.PASSWORD,
            "cluster.node-id=rate-test",
            "patsnap.endpoints=license",
            "patsnap.batch.size=10"
        })
class SharedRateBundleTest extends SandboxedBundleTest {

    static final Workspace workspace = new Workspace("shared-rate").wipe();
    static final EmbeddedPostgres POSTGRES = ClusterServers.stateDatabase();
    // cluster mode needs the broker the nodes share its batches through
    static final Broker BROKER = ClusterServers.clusterBroker("shared-rate");

    @BeanInject
    SharedRate sharedRate;

    @Override
    Workspace workspace() {
        return workspace;
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        System.clearProperty("state.jdbc.url");
        System.clearProperty("cluster.broker.url");
        BROKER.stop();
        POSTGRES.close();
    }

    @Test
    void everyCallTakesATokenOfTheSharedBucket() throws SQLException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add("US" + (61_000_000 + i * 7) + "B2");
        }
        workspace.drop("shared.txt", String.join("\n", ids));
        workspace.awaitReport("shared.txt", Duration.ofSeconds(60));

        assertThat(workspace.ledger("license")).hasSize(50);
        // five batches of ten: five calls, each with its token (a warm-up call, if any, takes none)
        assertThat(sharedRate.granted()).isGreaterThanOrEqualTo(5);
        assertThat(sharedRate.failing()).isFalse();
        assertThat(count("SELECT COUNT(*) FROM patsnap_rate_bucket WHERE id = 1 AND state IS NOT NULL"))
                .isEqualTo(1);
    }

    private static long count(String sql) throws SQLException {
        return ClusterServers.count(POSTGRES, sql);
    }
}
