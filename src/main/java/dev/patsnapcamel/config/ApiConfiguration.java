package dev.patsnapcamel.config;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import dev.patsnapcamel.api.AccountHealthCheck;
import dev.patsnapcamel.api.ApiClientSettings;
import dev.patsnapcamel.api.CallBinding;
import dev.patsnapcamel.api.CallClientOptions;
import dev.patsnapcamel.api.CallGate;
import dev.patsnapcamel.api.CallSends;
import dev.patsnapcamel.api.CallSpacing;
import dev.patsnapcamel.api.CallWarmUp;
import dev.patsnapcamel.api.ErrorCodePolicy;
import dev.patsnapcamel.api.InFlightLimit;
import dev.patsnapcamel.api.PatsnapAccount;
import dev.patsnapcamel.api.RateGovernor;
import dev.patsnapcamel.api.TokenProvider;
import dev.patsnapcamel.api.UserAgent;
import dev.patsnapcamel.flow.Stopping;
import dev.patsnapcamel.mail.MailOutbox;
import dev.patsnapcamel.ops.Alerts;
import dev.patsnapcamel.ops.Json;
import dev.patsnapcamel.ops.PatsnapMetrics;

/**
 * How the account is called: the client's settings ({@code apiClientSettings}), the non-blocking client of
 * the business calls ({@code patsnapCallClient}, {@code patsnapCallBinding}, readied at start-up by
 * {@code callWarmUp}), its tokens
 * ({@code tokenProvider}), what each error code means ({@code errorCodePolicy}), the gate that stops and
 * resumes calls ({@code callGate}, with its health check), the rate ({@code rateGovernor}) and the calls'
 * turns under it ({@code callSpacing}), the calls in flight ({@code inFlightLimit}), the alerts
 * ({@code alerts}) and the metrics ({@code patsnapMetrics}).
 */
public class ApiConfiguration implements FeatureConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        Registry registry = context.getRegistry();
        Clock clock = Clock.systemUTC();
        PatsnapAccount account = Beans.need(context, "patsnapAccount", PatsnapAccount.class);
        // the one JSON configuration: the beans get it, the routes' marshal/unmarshal name it
        ObjectMapper json = Json.mapper();
        registry.bind("jsonMapper", json);
        registry.bind("jsonReportMapper", Json.indented(json));

        ApiClientSettings client = ApiClientSettings.from(settings.lookup());
        client.checkGateway(account.baseUrl());
        registry.bind("apiClientSettings", client);
        // the non-blocking client of the business calls (routes/calls/call-attempt.camel.yaml names both)
        registry.bind(
                "patsnapCallClient",
                CallClientOptions.of(
                        account.baseUrl(),
                        (int) settings.duration("patsnap.http.connect-timeout").toMillis(),
                        settings.integer("patsnap.max-in-flight")));
        registry.bind("patsnapCallVertx", CallClientOptions.vertx());
        // the route call-warm-up readies the client once at start-up; calls wait for it (call-attempt)
        CallWarmUp warmUp = new CallWarmUp(account.baseUrl(), client.userAgent(), (int)
                settings.duration("patsnap.http.connect-timeout").toMillis());
        registry.bind("callWarmUp", warmUp);
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                // not yet: the routes are not all started at this point
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                warmUp.contextStarted();
            }
        });
        TokenProvider tokens = new TokenProvider(
                account,
                client,
                settings.duration("patsnap.http.connect-timeout").multipliedBy(2),
                clock);
        context.addService(new Closing(tokens), true, true);
        registry.bind("tokenProvider", tokens);
        registry.bind(
                "errorCodePolicy",
                new ErrorCodePolicy(settings.family(k -> k.startsWith(ErrorCodePolicy.OVERRIDE_PREFIX))));

        MeterRegistry meters = meterRegistry(registry);
        if (clusterNode(settings) != null) {
            // cluster mode: every meter says which node it is from (before the bundle's meters are registered)
            NodeTag.apply(meters, clusterNode(settings));
        }
        PatsnapMetrics metrics = new PatsnapMetrics(meters);
        registry.bind("patsnapMetrics", metrics);
        Alerts alerts = new Alerts(Path.of(settings.text("outbox.dir")), clock, json, clusterNode(settings), meters);
        // the alerts the rules of deploy/monitoring/prometheus look for, counted from 0
        alerts.expect(Alerts.OUTPUT_FAILED, "warning");
        alerts.expect(MailOutbox.MAIL_FAILED, "warning");
        alerts.expect(MailOutbox.MAIL_FAILED, "error");
        registry.bind("alerts", alerts);
        CallGate gate = new CallGate(
                alerts,
                clock,
                settings.duration("patsnap.stop.probe-interval"),
                LocalTime.parse(settings.text("patsnap.daily-limit.reset-time")),
                ZoneId.of(settings.text("patsnap.daily-limit.zone")));
        registry.bind("callGate", gate);
        RateGovernor rate =
                new RateGovernor(settings.integer("patsnap.qps"), settings.duration("patsnap.rate.cool-down"), clock);
        registry.bind("rateGovernor", rate);
        registry.bind(
                "inFlightLimit",
                new InFlightLimit(
                        rate,
                        settings.integer("patsnap.max-in-flight"),
                        settings.duration("patsnap.in-flight.latency-window"),
                        InFlightLimit.headRoom(settings.text("patsnap.in-flight.head-room")),
                        clock));
        CallSpacing spacing = new CallSpacing(
                rate,
                settings.integer("patsnap.qps"),
                settings.duration("patsnap.rate.window"),
                () -> stopping(registry));
        registry.bind("callSpacing", spacing);
        // the non-blocking client of the business calls (routes/calls/call-attempt.camel.yaml names both);
        // the binding notes when each call's request goes out, for its turn under the rate
        registry.bind(
                "patsnapCallBinding",
                new CallBinding(
                        client,
                        settings.duration("patsnap.http.response-timeout").toMillis(),
                        new CallSends(spacing)));
        metrics.stops(() -> stops(gate));

        AccountHealthCheck accountHealth = new AccountHealthCheck(gate, account.sandbox());
        context.addStartupListener((started, alreadyStarted) -> {
            HealthCheckRegistry health = HealthCheckRegistry.get(started);
            if (health != null) {
                health.register(accountHealth);
            }
        });
    }

    /** The closed gates as the metrics show them: scope, treatment as configured ({@code pause-daily}), code. */
    static List<PatsnapMetrics.Stop> stops(CallGate gate) {
        return gate.closures().entrySet().stream()
                .map(c -> new PatsnapMetrics.Stop(
                        c.getKey(),
                        c.getValue().treatment().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                        c.getValue().code()))
                .toList();
    }

    /** This node's id in cluster mode (alerts and metrics name it), or null when the node works alone. */
    private static String clusterNode(Settings settings) {
        return settings.flag("cluster.enabled") ? UserAgent.nodeId(settings.text("cluster.node-id")) : null;
    }

    /** Whether the bundle is stopping (the bean {@code stopping} comes later, with the ledger). */
    private static boolean stopping(Registry registry) {
        Stopping stopping = registry.lookupByNameAndType("stopping", Stopping.class);
        return stopping != null && stopping.stopping();
    }

    /** Camel's meter registry (served at /observe/metrics), or a new one when metrics are switched off. */
    private static MeterRegistry meterRegistry(Registry registry) {
        MeterRegistry meters =
                registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        }
        return meters;
    }
}
