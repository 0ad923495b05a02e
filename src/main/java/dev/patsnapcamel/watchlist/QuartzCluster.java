package dev.patsnapcamel.watchlist;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cluster mode: Quartz's clustered JDBC job store on the shared state database (PostgreSQL), so that each
 * firing of the watch list runs on exactly one node, and a firing whose node died is recovered by another.
 * The bundle sets these without the operator writing a line; a
 * {@code camel.component.quartz.properties[...]} line the operator did write wins over the same key here.
 * Every node has the same scheduler name (the tables' {@code SCHED_NAME}), and its own instance id.
 */
public final class QuartzCluster {

    private QuartzCluster() {}

    /**
     * @param operator Quartz's properties from the configuration (placeholders resolved), usually none
     * @return the properties of the clustered job store, the operator's on top
     */
    public static Map<String, String> properties(
            String url, String user, String password, Map<String, String> operator) {
        Map<String, String> quartz = new LinkedHashMap<>();
        quartz.put("org.quartz.scheduler.instanceName", "patsnap");
        quartz.put("org.quartz.scheduler.instanceId", "AUTO");
        quartz.put("org.quartz.threadPool.threadCount", "2");
        quartz.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        quartz.put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        quartz.put("org.quartz.jobStore.dataSource", "patsnap");
        quartz.put("org.quartz.jobStore.isClustered", "true");
        quartz.put("org.quartz.dataSource.patsnap.provider", "hikaricp");
        quartz.put("org.quartz.dataSource.patsnap.driver", "org.postgresql.Driver");
        quartz.put("org.quartz.dataSource.patsnap.URL", url);
        quartz.put("org.quartz.dataSource.patsnap.user", user);
        quartz.put("org.quartz.dataSource.patsnap.password", password);
        quartz.put("org.quartz.dataSource.patsnap.maxConnections", "3");
        quartz.putAll(operator);
        return quartz;
    }
}
