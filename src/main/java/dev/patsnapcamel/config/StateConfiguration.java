package dev.patsnapcamel.config;

import java.time.Clock;
import java.util.List;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.patsnapcamel.api.PatsnapAccount;
import dev.patsnapcamel.api.UserAgent;
import dev.patsnapcamel.ops.SafeUri;
import dev.patsnapcamel.state.BatchWrites;
import dev.patsnapcamel.state.JdbcBatchRepository;
import dev.patsnapcamel.state.JdbcIntakeRepository;
import dev.patsnapcamel.state.SourceRecords;
import dev.patsnapcamel.state.StateStore;

/**
 * The state database ({@code state.jdbc.*}): its pool ({@code patsnapStateDataSource}, closed with the context),
 * its schema, the claim of its origin (sandbox or real), the sources ({@code sourceRecords}), the inputs taken
 * ({@code intakeRepository}) and one persistent batch repository per endpoint of the catalogue
 * ({@code patsnap-batches-<endpoint>}; its rows are this node's only in cluster mode, repository
 * {@code <endpoint>@<node id>}).
 */
public class StateConfiguration implements FeatureConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(StateConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        Registry registry = context.getRegistry();
        PatsnapAccount account = Beans.need(context, "patsnapAccount", PatsnapAccount.class);
        String url = settings.text("state.jdbc.url");

        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        pool.setUsername(settings.text("state.jdbc.username"));
        pool.setPassword(settings.secret("state.jdbc.password"));
        pool.setMaximumPoolSize(settings.integer("state.jdbc.pool-size"));
        pool.setPoolName("patsnap-state");
        HikariDataSource dataSource = new HikariDataSource(pool);
        context.addService(new Closing(dataSource), true, true);
        registry.bind("patsnapStateDataSource", dataSource);
        LOG.info("State database: {}", SafeUri.of(url));

        StateStore state = new StateStore(dataSource);
        state.migrate();
        registry.bind("stateStore", state);
        SourceRecords sources = new SourceRecords(state);
        sources.claimOrigin(account.sandbox(), url, Clock.systemUTC());
        registry.bind("sourceRecords", sources);
        // the batches' rows wait until the intake records their IDs, all endpoints in one transaction
        BatchWrites batchWrites = new BatchWrites(state.database());
        registry.bind("intakeRepository", new JdbcIntakeRepository(state, batchWrites));

        long completionTimeout = settings.millis("patsnap.batch.timeout");
        long recoveryInterval = settings.millis("patsnap.batch.recovery-interval");
        // several nodes: each node fills and recovers its own batches, "<endpoint>@<node>" (docs/cluster.md)
        boolean cluster = settings.flag("cluster.enabled");
        String node = UserAgent.nodeId(settings.text("cluster.node-id"));
        for (String endpoint : catalogueEndpoints(settings)) {
            String repository = cluster ? JdbcBatchRepository.nodeName(endpoint, node) : endpoint;
            JdbcBatchRepository batches = new JdbcBatchRepository(state, repository, batchWrites);
            batches.setUseRecovery(true);
            batches.setRecoveryInterval(recoveryInterval);
            batches.setCompletionTimeout(completionTimeout);
            registry.bind("patsnap-batches-" + endpoint, batches);
        }
    }

    /** Every endpoint of the catalogue ({@code camel.routeTemplate[...].endpoint}), used or not. */
    private static List<String> catalogueEndpoints(Settings settings) {
        Properties entries = settings.family(k -> k.startsWith("camel.routeTemplate[") && k.endsWith("].endpoint"));
        return entries.stringPropertyNames().stream()
                .map(entries::getProperty)
                .map(String::trim)
                .distinct()
                .sorted()
                .toList();
    }
}
