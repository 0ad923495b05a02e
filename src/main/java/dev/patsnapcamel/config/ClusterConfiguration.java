package dev.patsnapcamel.config;

import java.time.Duration;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;

import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.patsnapcamel.api.UserAgent;
import dev.patsnapcamel.ops.SafeUri;
import dev.patsnapcamel.state.ClusterHealthCheck;
import dev.patsnapcamel.state.ClusterNodes;
import dev.patsnapcamel.state.StateStore;

/**
 * Cluster mode ({@code cluster.enabled}), the liveness every other part of it relies on: checks that the
 * state database is PostgreSQL and that there is a broker, joins this node to {@code patsnap_node}
 * ({@code clusterNodes}; refused when a live node has its id), leaves it on a clean stop, and registers the
 * readiness check {@code cluster} and the gauge {@code patsnap_cluster_nodes}. Nothing is built when it is off.
 */
public class ClusterConfiguration implements FeatureConfiguration {

    /** The bean of the cluster's broker, a {@code jakarta.jms.ConnectionFactory} (bound with the batches' queue). */
    static final String BROKER_BEAN = "clusterBroker";

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        if (!settings.flag("cluster.enabled")) {
            return;
        }
        String url = settings.text("state.jdbc.url");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalStateException("cluster.enabled = true needs the state database on PostgreSQL, shared by "
                    + "all nodes (state.jdbc.url = jdbc:postgresql://<host>:5432/<database>), was " + SafeUri.of(url));
        }
        if (settings.text("cluster.broker.url").isEmpty()) {
            throw new IllegalStateException("cluster.enabled = true needs the Artemis broker the nodes share "
                    + "(cluster.broker.url, e.g. tcp://broker:61616)");
        }
        Registry registry = context.getRegistry();
        StateStore state = Beans.need(context, "stateStore", StateStore.class);
        Duration timeout = settings.duration("cluster.node-timeout");
        ClusterNodes nodes = new ClusterNodes(
                state.database(), UserAgent.nodeId(settings.text("cluster.node-id")), UserAgent.version(), timeout);
        // a node of the same id that is alive: wait for it to go stale (this node before a crash), else refuse
        nodes.join(timeout.plus(settings.duration("cluster.heartbeat-interval")));
        registry.bind("clusterNodes", nodes);
        // a clean stop: this node leaves (stopped before the state database's pool, added earlier, closes)
        context.addService(new Closing(nodes::leave), true, true);

        MeterRegistry meters =
                registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (meters != null) {
            Gauge.builder("patsnap_cluster_nodes", nodes, ClusterNodes::liveCount)
                    .description("Nodes of the cluster alive at this node's last heartbeat")
                    .register(meters);
        }
        ClusterHealthCheck health = new ClusterHealthCheck(nodes, () -> brokerReachable(registry));
        context.addStartupListener((started, alreadyStarted) -> {
            HealthCheckRegistry checks = HealthCheckRegistry.get(started);
            if (checks != null) {
                checks.register(health);
            }
        });
    }

    /** Connects to the broker once, when its bean is there; false when there is none (yet). */
    private static boolean brokerReachable(Registry registry) throws Exception {
        ConnectionFactory broker = registry.lookupByNameAndType(BROKER_BEAN, ConnectionFactory.class);
        if (broker == null) {
            return false;
        }
        try (Connection connection = broker.createConnection()) {
            return true;
        }
    }
}
