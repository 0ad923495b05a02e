package dev.patsnapcamel.state;

import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.springframework.dao.DataAccessException;

/**
 * Readiness of this node as part of the cluster (cluster mode only): DOWN when the shared state database
 * cannot be reached, when this node's heartbeat is failing or its row is missing, or when the broker cannot
 * be reached (once there is one to ask); UP otherwise. Its details name the node and the live nodes.
 */
public final class ClusterHealthCheck extends AbstractHealthCheck {

    private final ClusterNodes nodes;
    private final Callable<Boolean> broker;

    /**
     * @param broker connects to the cluster's broker and lets go: true when it did, false when there is no
     *     broker to ask (yet); throws when it cannot be reached
     */
    public ClusterHealthCheck(ClusterNodes nodes, Callable<Boolean> broker) {
        super("patsnap", "cluster");
        this.nodes = nodes;
        this.broker = broker;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("node", nodes.nodeId());
        try {
            builder.detail(
                    "live_nodes",
                    String.join(
                            ",",
                            nodes.live().stream().map(ClusterNodes.Node::id).toList()));
        } catch (DataAccessException e) {
            builder.down()
                    .message("the state database cannot be reached: "
                            + e.getMostSpecificCause().getMessage());
            return;
        }
        if (nodes.heartbeatProblem().isPresent()) {
            builder.down().message("this node's " + nodes.heartbeatProblem().get());
            return;
        }
        if (!nodes.registered()) {
            builder.down().message("this node is not registered in patsnap_node");
            return;
        }
        try {
            builder.detail("broker", broker.call() ? "reachable" : "not checked");
        } catch (Exception e) {
            builder.detail("broker", "unreachable").down().message("the broker cannot be reached: " + e.getMessage());
            return;
        }
        builder.up();
    }
}
