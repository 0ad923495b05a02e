package dev.patsnapcamel.config;

import java.nio.file.Path;
import java.time.Clock;

import org.apache.camel.CamelContext;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.api.CallGate;
import dev.patsnapcamel.api.DailyBudget;
import dev.patsnapcamel.api.InFlightLimit;
import dev.patsnapcamel.api.PatsnapAccount;
import dev.patsnapcamel.api.RateGovernor;
import dev.patsnapcamel.api.UserAgent;
import dev.patsnapcamel.flow.SourceTracker;
import dev.patsnapcamel.state.ClusterNodes;
import dev.patsnapcamel.status.StatusBoard;
import dev.patsnapcamel.status.StatusPage;

/**
 * The status page ({@code management.status.enabled}): the board that takes the status from the other features'
 * beans ({@code statusBoard}) and the page that shows it ({@code statusPage}), for the routes {@code status-page}
 * and {@code status-json}.
 */
public class StatusConfiguration implements FeatureConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        if (!settings.flag("management.status.enabled")) {
            return;
        }
        StatusBoard.Sources sources = new StatusBoard.Sources(
                Beans.need(context, "sourceTracker", SourceTracker.class),
                Beans.need(context, "callGate", CallGate.class),
                Beans.need(context, "rateGovernor", RateGovernor.class),
                settings.integer("patsnap.qps"),
                Beans.need(context, "inFlightLimit", InFlightLimit.class),
                Beans.need(context, "dailyBudget", DailyBudget.class),
                context.getRegistry().lookupByNameAndType("clusterNodes", ClusterNodes.class));
        context.getRegistry()
                .bind(
                        "statusBoard",
                        StatusBoard.of(
                                sources,
                                Path.of(settings.text("outbox.dir")),
                                Beans.need(context, "jsonMapper", ObjectMapper.class),
                                UserAgent.nodeId(settings.text("cluster.node-id")),
                                UserAgent.version(),
                                Beans.need(context, "patsnapAccount", PatsnapAccount.class)
                                        .sandbox(),
                                settings.duration("management.status.refresh"),
                                Clock.systemUTC()));
        context.getRegistry().bind("statusPage", new StatusPage());
    }
}
