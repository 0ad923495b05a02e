package dev.patsnapcamel.config;

import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.api.ApiClientSettings;
import dev.patsnapcamel.api.DailyBudget;
import dev.patsnapcamel.api.PatsnapAccount;
import dev.patsnapcamel.flow.BillReconciliation;
import dev.patsnapcamel.flow.CallBudget;
import dev.patsnapcamel.ops.Alerts;
import dev.patsnapcamel.ops.PatsnapMetrics;
import dev.patsnapcamel.state.BilledResults;
import dev.patsnapcamel.state.StateStore;

/**
 * The bill: what PatSnap billed, counted from its answers ({@code billedResults}), the daily budget that
 * every call passes ({@code callBudget}, {@code patsnap.budget.daily-results}) and the daily reconciliation
 * with PatSnap's usage statement ({@code billReconciliation}, {@code patsnap.reconcile.*}).
 */
public class BudgetConfiguration implements FeatureConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        Registry registry = context.getRegistry();
        Clock clock = Clock.systemUTC();
        StateStore state = Beans.need(context, "stateStore", StateStore.class);
        Alerts alerts = Beans.need(context, "alerts", Alerts.class);
        PatsnapMetrics metrics = Beans.need(context, "patsnapMetrics", PatsnapMetrics.class);
        ZoneId zone = ZoneId.of(settings.text("patsnap.daily-limit.zone"));
        LocalTime reset = LocalTime.parse(settings.text("patsnap.daily-limit.reset-time"));

        BilledResults billed = new BilledResults(state);
        registry.bind("billedResults", billed);
        DailyBudget budget =
                new DailyBudget(settings.number("patsnap.budget.daily-results"), zone, reset, billed::dayTotal);
        registry.bind("dailyBudget", budget);
        registry.bind("callBudget", new CallBudget(budget, billed, alerts, metrics, clock));
        registry.bind(
                "billReconciliation",
                new BillReconciliation(
                        Beans.need(context, "patsnapAccount", PatsnapAccount.class),
                        Beans.need(context, "apiClientSettings", ApiClientSettings.class),
                        billed,
                        budget,
                        alerts,
                        Beans.need(context, "jsonMapper", ObjectMapper.class),
                        clock,
                        zone,
                        reset,
                        catalogue(settings),
                        settings.list("patsnap.endpoints"),
                        settings.text("patsnap.reconcile.path"),
                        settings.number("patsnap.reconcile.tolerance"),
                        settings.duration("patsnap.reconcile.after")));
    }

    /** Every endpoint of the catalogue with its API path ({@code camel.routeTemplate[...].endpoint}, {@code .path}). */
    private static Map<String, String> catalogue(Settings settings) {
        Properties entries = settings.family(
                k -> k.startsWith("camel.routeTemplate[") && (k.endsWith("].endpoint") || k.endsWith("].path")));
        Map<String, String> paths = new LinkedHashMap<>();
        for (String key : entries.stringPropertyNames()) {
            if (key.endsWith("].endpoint")) {
                String template = key.substring(0, key.length() - "endpoint".length());
                String path = entries.getProperty(template + "path");
                if (path != null) {
                    paths.put(entries.getProperty(key).trim(), path.trim());
                }
            }
        }
        return paths;
    }
}
