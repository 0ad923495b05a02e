package dev.patsnapcamel.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The readiness check "cluster": UP with the node and the live nodes, DOWN for each thing that is missing. */
class ClusterHealthCheckTest {

    static int databases;

    static ClusterNodes joined(String id) {
        StateStore state = new StateStore(new DriverManagerDataSource(
                "jdbc:h2:mem:cluster-health-" + (++databases) + ";DB_CLOSE_DELAY=-1", "sa", ""));
        state.migrate();
        ClusterNodes nodes = new ClusterNodes(state.database(), id, "t", Duration.ofSeconds(30));
        nodes.join(Duration.ZERO);
        return nodes;
    }

    static HealthCheck.Result call(ClusterHealthCheck check) {
        check.setCamelContext(new DefaultCamelContext());
        return check.call(Map.of());
    }

    @Test
    void upNamesTheNodeAndTheLiveNodes() {
        ClusterNodes nodes = joined("n1");

        HealthCheck.Result result = call(new ClusterHealthCheck(nodes, () -> true));

        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(result.getDetails())
                .containsEntry("node", "n1")
                .containsEntry("live_nodes", "n1")
                .containsEntry("broker", "reachable");
    }

    @Test
    void downWhenTheBrokerCannotBeReached() {
        HealthCheck.Result result = call(new ClusterHealthCheck(joined("n1"), () -> {
            throw new IllegalStateException("connection refused");
        }));

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).get().asString().contains("broker", "connection refused");
    }

    @Test
    void upWithoutABrokerToAsk() {
        HealthCheck.Result result = call(new ClusterHealthCheck(joined("n1"), () -> false));

        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(result.getDetails()).containsEntry("broker", "not checked");
    }

    @Test
    void downWhenTheNodeIsNotRegistered() {
        ClusterNodes nodes = joined("n1");
        nodes.leave();

        HealthCheck.Result result = call(new ClusterHealthCheck(nodes, () -> true));

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
    }

    @Test
    void downWhenTheDatabaseCannotBeReached() {
        ClusterNodes cut = new ClusterNodes(
                new Database(new DriverManagerDataSource("jdbc:h2:tcp://127.0.0.1:1/nowhere"), Database.Dialect.H2),
                "n1",
                "t",
                Duration.ofSeconds(30));

        HealthCheck.Result result = call(new ClusterHealthCheck(cut, () -> true));

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).get().asString().contains("state database cannot be reached");
        assertThat(result.getDetails()).containsEntry("node", "n1");
    }
}
