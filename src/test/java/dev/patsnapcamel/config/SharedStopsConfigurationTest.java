package dev.patsnapcamel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.patsnapcamel.api.CallGate;
import dev.patsnapcamel.api.JdbcStopBoard;
import dev.patsnapcamel.api.PatsnapCallException;
import dev.patsnapcamel.api.Treatment;
import dev.patsnapcamel.ops.Alerts;
import dev.patsnapcamel.ops.Json;
import dev.patsnapcamel.state.StateStore;

/**
 * The wiring of the shared stops: in cluster mode the bean {@code callGate} is connected to the state database
 * and the route {@code cluster-stops-sync} refreshes it, so another node's stop stops this one; standalone
 * neither happens.
 */
class SharedStopsConfigurationTest {

    static final EmbeddedPostgres POSTGRES = start();

    @TempDir
    Path outbox;

    @AfterAll
    static void stopPostgres() throws IOException {
        POSTGRES.close();
    }

    @Test
    void inClusterModeAnotherNodesStopReachesThisNodesGateThroughTheRoute() throws Exception {
        CallGate here = gate("here");
        try (CamelContext context = bundle(here, true)) {
            assertThat(context.getRoute("cluster-stops-sync")).isNotNull();
            CallGate other = gate("other");
            other.shareThrough(new JdbcStopBoard(POSTGRES.getPostgresDatabase()), "node-other");

            other.refused(Treatment.STOP_ENDPOINT, "litigation", "67200004", "no permission");

            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThatThrownBy(() -> here.admit("litigation"))
                            .isInstanceOf(PatsnapCallException.Suspending.class));
            // and this node's own stop lands in the table under its node id
            here.refused(Treatment.STOP_ACCOUNT, "license", "67200003", "account expired");
            assertThat(text("SELECT closed_by FROM patsnap_stop WHERE gate = '*'"))
                    .isEqualTo("node-here");
        }
    }

    @Test
    void standaloneTheGateStaysInMemoryAndTheRouteIsAbsent() throws Exception {
        CallGate here = gate("alone");
        try (CamelContext context = bundle(here, false)) {
            assertThat(context.getRoute("cluster-stops-sync")).isNull();

            here.refused(Treatment.STOP_ENDPOINT, "customs", "67200004", "no permission");

            assertThatThrownBy(() -> here.admit("customs")).isInstanceOf(PatsnapCallException.Suspending.class);
            assertThat(text("SELECT COUNT(*) FROM patsnap_stop WHERE gate = 'customs'"))
                    .isEqualTo("0");
            assertThatCode(here::refresh).doesNotThrowAnyException();
        }
    }

    private static CamelContext bundle(CallGate gate, boolean cluster) throws Exception {
        CamelContext context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.setProperty("cluster.enabled", String.valueOf(cluster));
        properties.setProperty("cluster.node-id", "node-here");
        context.getPropertiesComponent().setInitialProperties(properties);
        context.getRegistry().bind("callGate", gate);
        context.getRegistry().bind("patsnapStateDataSource", POSTGRES.getPostgresDatabase());
        new SharedStopsConfiguration().configure(context);
        PluginHelper.getRoutesLoader(context)
                .loadRoutes(ResourceHelper.resolveResource(context, "file:routes/ops/cluster-stops-sync.camel.yaml"));
        context.start();
        return context;
    }

    private CallGate gate(String name) {
        Clock clock = Clock.systemUTC();
        return new CallGate(
                new Alerts(outbox.resolve(name), clock, Json.mapper()),
                clock,
                Duration.ofMinutes(5),
                LocalTime.MIDNIGHT,
                ZoneId.of("UTC"));
    }

    private static String text(String sql) throws SQLException {
        try (Connection c = POSTGRES.getPostgresDatabase().getConnection();
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static EmbeddedPostgres start() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.start();
            new StateStore(postgres.getPostgresDatabase()).migrate();
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL", e);
        }
    }
}
