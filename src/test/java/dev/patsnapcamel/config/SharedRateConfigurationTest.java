package dev.patsnapcamel.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.patsnapcamel.api.CallSpacing;
import dev.patsnapcamel.api.RateGovernor;
import dev.patsnapcamel.api.SharedRate;
import dev.patsnapcamel.ops.PatsnapMetrics;
import dev.patsnapcamel.state.StateStore;

/** The shared rate is wired in cluster mode only, and then every turn of the call spacing takes its token. */
class SharedRateConfigurationTest {

    @Test
    void aloneNothingIsBoundAndTheSpacingIsTheNodesOwn() throws Exception {
        try (CamelContext context = context("false", "jdbc:postgresql://localhost:1/none")) {
            new SharedRateConfiguration().configure(context);
            assertThat(context.getRegistry().lookupByName("sharedRate")).isNull();
            assertThat(context.getRegistry().lookupByName("sharedRateState")).isNull();
        }
    }

    @Test
    void inAClusterTheSpacingTakesTheAccountsTokens() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            new StateStore(postgres.getPostgresDatabase()).migrate();
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (CamelContext context = context("true", postgres.getJdbcUrl("postgres", "postgres"))) {
                context.getRegistry().bind("patsnapMetrics", new PatsnapMetrics(meters));
                context.start();
                new SharedRateConfiguration().configure(context);
                SharedRate rate = context.getRegistry().lookupByNameAndType("sharedRate", SharedRate.class);
                assertThat(rate).isNotNull();
                CallSpacing spacing = context.getRegistry().lookupByNameAndType("callSpacing", CallSpacing.class);
                Exchange exchange = new DefaultExchange(context);
                spacing.await(exchange);
                spacing.await(exchange);
                assertThat(rate.granted()).isEqualTo(2);
                assertThat(meters.get("patsnap.rate.shared.tokens")
                                .functionCounter()
                                .count())
                        .isEqualTo(2.0);
                assertThat(meters.get("patsnap.rate.shared.down").gauge().value())
                        .isZero();
            }
        }
    }

    private static CamelContext context(String cluster, String url) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties p = new Properties();
        p.setProperty("cluster.enabled", cluster);
        p.setProperty("state.jdbc.url", url);
        p.setProperty("state.jdbc.username", "postgres");
        p.setProperty("state.jdbc.password", "postgres");
        p.setProperty("patsnap.qps", "20");
        p.setProperty("patsnap.rate.window", "1040ms");
        p.setProperty("patsnap.rate.cool-down", "60s");
        context.getPropertiesComponent().setInitialProperties(p);
        RateGovernor governor = new RateGovernor(20, Duration.ofSeconds(60), Clock.systemUTC());
        context.getRegistry().bind("rateGovernor", governor);
        context.getRegistry().bind("callSpacing", new CallSpacing(governor, 20, Duration.ofMillis(1040), () -> false));
        return context;
    }
}
