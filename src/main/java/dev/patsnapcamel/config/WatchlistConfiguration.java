package dev.patsnapcamel.config;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.Registry;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.api.PatsnapAccount;
import dev.patsnapcamel.flow.SourceLedger;
import dev.patsnapcamel.ops.Alerts;
import dev.patsnapcamel.state.SourceRecords;
import dev.patsnapcamel.state.StateStore;
import dev.patsnapcamel.state.WatchlistStore;
import dev.patsnapcamel.watchlist.ChangeDetection;
import dev.patsnapcamel.watchlist.QuartzCluster;
import dev.patsnapcamel.watchlist.QuartzTables;
import dev.patsnapcamel.watchlist.WatchlistResults;
import dev.patsnapcamel.watchlist.WatchlistRuns;

/**
 * The scheduled watch list (routes watchlist-sync, watchlist-resume, results-to-watchlist, report-to-watchlist,
 * present only when {@code watchlist.enabled}): who starts its runs ({@code watchlistRuns}), where their
 * snapshots go ({@code watchlistResults}) and the change detection ({@code changeDetection}); the Quartz tables
 * when Quartz is configured to keep its schedule in the state database, which in cluster mode it always does, in
 * Quartz's clustered JDBC job store ({@link QuartzCluster}). Nothing is built when it is off.
 */
public class WatchlistConfiguration implements FeatureConfiguration {

    private static final String QUARTZ = "camel.component.quartz.properties[";

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        if (!settings.flag("watchlist.enabled")) {
            return;
        }
        WatchlistStore snapshots = new WatchlistStore(Beans.need(context, "stateStore", StateStore.class));
        Clock clock = Clock.systemUTC();
        ObjectMapper json = Beans.need(context, "jsonMapper", ObjectMapper.class);
        Alerts alerts = Beans.need(context, "alerts", Alerts.class);
        snapshots.claim(
                Beans.need(context, "patsnapAccount", PatsnapAccount.class).sandbox(),
                settings.text("state.jdbc.url"),
                clock);
        Registry registry = context.getRegistry();
        registry.bind(
                "watchlistRuns",
                new WatchlistRuns(
                        Path.of(settings.text("watchlist.file")),
                        Beans.need(context, "sourceRecords", SourceRecords.class),
                        alerts,
                        clock));
        WatchlistResults results = new WatchlistResults(snapshots, json);
        registry.bind("watchlistResults", results);
        registry.bind(
                "changeDetection",
                new ChangeDetection(
                        snapshots,
                        results,
                        new SourceLedger(Path.of(settings.text("outbox.dir"))::resolve, json),
                        Path.of(settings.text("outbox.dir")),
                        alerts,
                        clock,
                        json));
        Map<String, String> configured = new LinkedHashMap<>();
        Properties set = settings.family(k -> k.startsWith(QUARTZ) && k.endsWith("]"));
        set.stringPropertyNames()
                .forEach(k -> configured.put(
                        k.substring(QUARTZ.length(), k.length() - 1),
                        context.resolvePropertyPlaceholders(set.getProperty(k))));
        Map<String, String> quartz = configured;
        if (settings.flag("cluster.enabled")) {
            // cluster mode: the clustered JDBC job store on the shared state database, each firing on one node
            quartz = QuartzCluster.properties(
                    settings.text("state.jdbc.url"),
                    settings.text("state.jdbc.username"),
                    settings.secret("state.jdbc.password"),
                    configured);
            context.getComponent("quartz", QuartzComponent.class).setProperties(new LinkedHashMap<>(quartz));
        }
        QuartzTables.ensure(quartz);
    }
}
