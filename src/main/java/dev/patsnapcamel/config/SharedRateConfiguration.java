package dev.patsnapcamel.config;

import org.apache.camel.CamelContext;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.patsnapcamel.api.CallSpacing;
import dev.patsnapcamel.api.RateGovernor;
import dev.patsnapcamel.api.SharedRate;
import dev.patsnapcamel.api.SharedRateState;
import dev.patsnapcamel.ops.PatsnapMetrics;

/**
 * One rate for the account across the cluster (cluster mode only; alone it binds nothing): the cluster's
 * rate and its halving ({@code sharedRateState}, given to {@code rateGovernor}) and the account's token
 * bucket ({@code sharedRate}, given to {@code callSpacing}), both in the state database (migration V6), on
 * a small pool of their own ({@code patsnap-rate}) that gives up on a connection within a second, so a
 * database that is down holds the calls (no token, no call) without ever holding up the state's own pool.
 */
public class SharedRateConfiguration implements FeatureConfiguration {

    /** Connections of the rate's pool: one for the calls' tokens (one node's turns are one at a time), one to read the rate. */
    private static final int POOL_SIZE = 2;

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        if (!settings.flag("cluster.enabled")) {
            return;
        }
        String url = settings.text("state.jdbc.url");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(settings.text("state.jdbc.username"));
        config.setPassword(settings.secret("state.jdbc.password"));
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(1000);
        config.setValidationTimeout(500);
        // a pool that cannot connect at start-up is no error: the calls wait until it can (fails closed)
        config.setInitializationFailTimeout(-1);
        config.setPoolName("patsnap-rate");
        if (url.startsWith("jdbc:postgresql:")) {
            // a database that stops answering in the middle of a statement counts as down after 5 s
            config.addDataSourceProperty("socketTimeout", "5");
            config.addDataSourceProperty("connectTimeout", "2");
        }
        HikariDataSource pool = new HikariDataSource(config);
        context.addService(new Closing(pool), true, true);

        SharedRateState state =
                new SharedRateState(pool, settings.integer("patsnap.qps"), settings.duration("patsnap.rate.cool-down"));
        SharedRate rate = new SharedRate(pool, state, settings.duration("patsnap.rate.window"));
        rate.start();
        context.addService(new Closing(rate), true, true);
        context.getRegistry().bind("sharedRateState", state);
        context.getRegistry().bind("sharedRate", rate);
        Beans.need(context, "rateGovernor", RateGovernor.class).share(state, rate::inBackground);
        Beans.need(context, "callSpacing", CallSpacing.class).share(rate);
        Beans.need(context, "patsnapMetrics", PatsnapMetrics.class)
                .sharedRate(rate::granted, rate::failures, rate::pushed, () -> rate.failing() ? 1 : 0);
    }
}
