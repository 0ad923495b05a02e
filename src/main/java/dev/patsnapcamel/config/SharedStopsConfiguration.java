package dev.patsnapcamel.config;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.patsnapcamel.api.CallGate;
import dev.patsnapcamel.api.JdbcStopBoard;
import dev.patsnapcamel.api.UserAgent;

/**
 * Cluster mode ({@code cluster.enabled}): the gate that stops and resumes calls ({@code callGate}) shares its
 * closures with the other nodes through the state database's table {@code patsnap_stop}; the route
 * {@code cluster-stops-sync} refreshes them about once a second. Standalone: nothing (the gates stay in
 * memory).
 */
public class SharedStopsConfiguration implements FeatureConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SharedStopsConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        if (!settings.flag("cluster.enabled")) {
            return;
        }
        String node = UserAgent.nodeId(settings.text("cluster.node-id"));
        CallGate gate = Beans.need(context, "callGate", CallGate.class);
        DataSource state = Beans.need(context, "patsnapStateDataSource", DataSource.class);
        gate.shareThrough(new JdbcStopBoard(state), node);
        gate.refresh();
        LOG.info("Stopped calls are shared with the cluster through the state database (node {})", node);
    }
}
