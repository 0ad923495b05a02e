package dev.patsnapcamel.config;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.api.ApiClientSettings;
import dev.patsnapcamel.api.CallGate;
import dev.patsnapcamel.api.ErrorCodePolicy;
import dev.patsnapcamel.api.InFlightLimit;
import dev.patsnapcamel.api.PatsnapAccount;
import dev.patsnapcamel.api.RateGovernor;
import dev.patsnapcamel.api.TokenProvider;
import dev.patsnapcamel.api.UserAgent;
import dev.patsnapcamel.flow.BatchCall;
import dev.patsnapcamel.flow.IntakeReader;
import dev.patsnapcamel.flow.LedgerWriter;
import dev.patsnapcamel.flow.Outputs;
import dev.patsnapcamel.flow.ParkableInput;
import dev.patsnapcamel.flow.ReportOutputs;
import dev.patsnapcamel.flow.SourceTracker;
import dev.patsnapcamel.flow.Stopping;
import dev.patsnapcamel.intake.IntakeLimits;
import dev.patsnapcamel.ops.PatsnapMetrics;
import dev.patsnapcamel.ops.RoutesInFlight;
import dev.patsnapcamel.state.SharedCompletion;
import dev.patsnapcamel.state.SourceRecords;
import dev.patsnapcamel.state.StateStore;

/**
 * The flow from input to ledger line and report: the sources ({@code sourceTracker}), the ledger
 * ({@code ledgerWriter}, {@code ledgerOutbox}, recovered now), reading inputs ({@code intakeReader},
 * {@code parkableInput}), the stop ({@code stopping}), where results and reports go ({@code outputs},
 * {@code reportOutputs}) and the call of one batch ({@code batchCall}). Once the routes
 * are up it checks that every endpoint and every named output has its route.
 */
public class LedgerConfiguration implements FeatureConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        Registry registry = context.getRegistry();
        Clock clock = Clock.systemUTC();
        PatsnapAccount account = Beans.need(context, "patsnapAccount", PatsnapAccount.class);
        StateStore state = Beans.need(context, "stateStore", StateStore.class);
        SourceRecords sources = Beans.need(context, "sourceRecords", SourceRecords.class);
        PatsnapMetrics metrics = Beans.need(context, "patsnapMetrics", PatsnapMetrics.class);
        List<String> endpoints = settings.list("patsnap.endpoints");
        ObjectMapper json = Beans.need(context, "jsonMapper", ObjectMapper.class);

        // cluster mode: settled once and reported once by the shared state database (docs/cluster.md)
        String node = settings.flag("cluster.enabled") ? UserAgent.nodeId(settings.text("cluster.node-id")) : null;
        SharedCompletion shared = node == null ? null : new SharedCompletion(state, node);
        SourceTracker tracker = new SourceTracker(endpoints, sources, clock, account.sandbox(), shared);
        registry.bind("sourceTracker", tracker);
        LedgerWriter ledger = new LedgerWriter(
                Path.of(settings.text("outbox.dir")), state, metrics, clock, account.sandbox(), json, node);
        ledger.recover();
        if (shared != null) {
            shared.release(node); // what this node had under way before its restart
        }
        registry.bind("ledgerWriter", ledger);
        registry.bind("ledgerOutbox", ledger.outbox());

        Stopping stopping = new Stopping();
        context.addLifecycleStrategy(stopping);
        registry.bind("stopping", stopping);
        IntakeReader intakeReader = new IntakeReader(IntakeLimits.from(settings.lookup()));
        registry.bind("intakeReader", intakeReader);
        registry.bind("parkableInput", new ParkableInput(intakeReader, stopping));

        Map<String, String> perIntake = new LinkedHashMap<>();
        for (String intake : List.of("file", "sftp", "queue", "watchlist")) {
            String key = ("watchlist".equals(intake) ? "" : "intake.") + intake + ".outputs";
            perIntake.put(intake, settings.text(key));
        }
        Outputs outputs = new Outputs(settings.text("outputs"), perIntake, sources::intakeOf);
        registry.bind("outputs", outputs);
        registry.bind("reportOutputs", new ReportOutputs(outputs));

        RateGovernor rate = Beans.need(context, "rateGovernor", RateGovernor.class);
        registry.bind(
                "batchCall",
                new BatchCall(
                        account,
                        Beans.need(context, "apiClientSettings", ApiClientSettings.class),
                        Beans.need(context, "tokenProvider", TokenProvider.class),
                        Beans.need(context, "errorCodePolicy", ErrorCodePolicy.class),
                        tracker,
                        Beans.need(context, "callGate", CallGate.class),
                        rate,
                        metrics,
                        clock));
        RoutesInFlight callsInFlight = new RoutesInFlight();
        registry.bind("callsInFlight", callsInFlight);
        metrics.gauges(callsInFlight::size, rate::qps);
        InFlightLimit limit = Beans.need(context, "inFlightLimit", InFlightLimit.class);
        metrics.inFlightLimit(limit::limit, limit::latencySeconds);
        metrics.inputs(tracker::inProgress);
        // the labelled gauges (gates, inputs) follow what they show about once a second
        ScheduledExecutorService refresh =
                context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "patsnap-metrics");
        refresh.scheduleWithFixedDelay(
                () -> {
                    try {
                        metrics.refresh();
                    } catch (RuntimeException e) {
                        LOG.warn("Cannot bring the gauges of the gates and inputs up to date: {}", e.toString());
                    }
                },
                1,
                1,
                TimeUnit.SECONDS);

        context.addStartupListener((started, alreadyStarted) -> {
            EndpointRoutes.check(started, endpoints);
            outputs.check();
        });
    }
}
