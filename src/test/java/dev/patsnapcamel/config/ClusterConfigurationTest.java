package dev.patsnapcamel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** Cluster mode refuses to start without its shared PostgreSQL and broker, and builds nothing when off. */
class ClusterConfigurationTest {

    static DefaultCamelContext context(String enabled, String stateUrl, String brokerUrl) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties p = new Properties();
        p.setProperty("cluster.enabled", enabled);
        p.setProperty("cluster.node-id", "n1");
        p.setProperty("state.jdbc.url", stateUrl);
        p.setProperty("cluster.broker.url", brokerUrl);
        p.setProperty("cluster.heartbeat-interval", "5s");
        p.setProperty("cluster.node-timeout", "30s");
        context.getPropertiesComponent().setInitialProperties(p);
        return context;
    }

    @Test
    void offBuildsNothing() throws Exception {
        DefaultCamelContext off = context("false", "jdbc:h2:file:./x", "");

        new ClusterConfiguration().configure(off);

        assertThat(off.getRegistry().lookupByName("clusterNodes")).isNull();
    }

    @Test
    void clusterModeNeedsPostgresql() {
        assertThatThrownBy(() -> new ClusterConfiguration()
                        .configure(context("true", "jdbc:h2:file:./data/state", "tcp://broker:61616")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cluster.enabled = true needs the state database on PostgreSQL")
                .hasMessageContaining("jdbc:h2:file:./data/state");
    }

    @Test
    void clusterModeNeedsTheBroker() {
        assertThatThrownBy(() ->
                        new ClusterConfiguration().configure(context("true", "jdbc:postgresql://db:5432/patsnap", "")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cluster.broker.url");
    }
}
