package dev.patsnapcamel.config;

import java.util.List;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;

/**
 * The bundle's one Camel Main configuration (found by the package scan of the standalone and test Main, added by
 * {@code KarafRuntime} in Karaf): it binds the beans of each feature, in this order, since each feature uses what
 * the ones before it bound. A feature that is switched off binds nothing, and its routes have a
 * {@code precondition} that leaves them out.
 */
@Configuration
public class PatsnapConfiguration implements CamelConfiguration {

    /** The features, in the order their beans are built. */
    static final List<FeatureConfiguration> FEATURES = List.of(
            new AccountConfiguration(),
            new ApiConfiguration(),
            new StateConfiguration(),
            new ClusterConfiguration(),
            new SharedStopsConfiguration(),
            new ClusterBatchesConfiguration(),
            new SharedRateConfiguration(),
            new LedgerConfiguration(),
            new BudgetConfiguration(),
            new ReuseConfiguration(),
            new FileIntakeConfiguration(),
            new SftpIntakeConfiguration(),
            new QueueIntakeConfiguration(),
            new CsvConfiguration(),
            new ResultDatabaseConfiguration(),
            new MailConfiguration(),
            new WatchlistConfiguration(),
            new StatusConfiguration(),
            new ToolsConfiguration());

    @Override
    public void configure(CamelContext context) throws Exception {
        for (FeatureConfiguration feature : FEATURES) {
            feature.configure(context);
        }
    }
}
