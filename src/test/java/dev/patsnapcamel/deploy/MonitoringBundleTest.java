package dev.patsnapcamel.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.sandbox.SandboxServer;
import dev.patsnapcamel.support.DebianPackages;
import dev.patsnapcamel.support.ManagementPort;
import dev.patsnapcamel.support.Workspace;

/**
 * Every metric name the Grafana dashboard and the alert rules of {@code deploy/monitoring/} use is served at
 * {@code /observe/metrics} by a running bundle (with its sandbox) that did a little work and whose account
 * PatSnap stopped while an input waited, so that every series exists.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/monitoring/inbox",
            "outbox.dir=target/it/monitoring/outbox",
            "state.dir=target/it/monitoring/data",
            "camel.management.enabled=true",
            "management.host=127.0.0.1",
            "patsnap.endpoints=license",
            "patsnap.stop.probe-interval=300",
            "patsnap.batch.recovery-interval=200"
        })
class MonitoringBundleTest {

    static final Workspace workspace = new Workspace("monitoring").wipe();
    static final ManagementPort PORT = ManagementPort.claim();

    @BeanInject
    SandboxServer sandbox;

    @AfterAll
    static void forgetPort() {
        ManagementPort.forget();
    }

    @Test
    void everyMetricTheDashboardAndTheRulesUseIsServed() throws Exception {
        Set<String> used = new TreeSet<>(MonitoringFiles.metricNames(MonitoringFiles.dashboardExpressions()));
        used.addAll(MonitoringFiles.metricNames(MonitoringFiles.ruleExpressions()));
        assertThat(used).hasSizeGreaterThan(15);

        // a little work: calls, ledger lines, billed results, latency
        workspace.drop("ok.txt", "US11205304B2\nCN1394453A\n");
        workspace.awaitReport("ok.txt", Duration.ofSeconds(60));

        // the account stopped while an input waits: the gates' and the inputs' series
        sandbox.settings().injectError(null, 67200005, -1);
        workspace.drop("stopped.txt", "US10000000B2\nUS10000003B2\n");
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(metrics())
                        .contains(
                                "patsnap_account_stopped 1.0",
                                "patsnap_gate_stopped{code=\"67200005\",scope=\"account\",treatment=\"stop-account\"} 1.0",
                                "patsnap_input_ledger_lines{input=\"stopped.txt\"} 0.0",
                                "patsnap_input_ledger_lines_expected{input=\"stopped.txt\"} 2.0",
                                "patsnap_ledger_lines_waiting 2.0",
                                "patsnap_inputs_in_progress 1.0",
                                "patsnap_alerts_total{kind=\"account-stopped\",severity=\"error\"} 1.0",
                                "patsnap_alerts_total{kind=\"output-failed\",severity=\"warning\"} 0.0"));
        String scraped = metrics();
        Set<String> served = MonitoringFiles.sampleNames(scraped);
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(served);
        assertThat(missing)
                .as("names the dashboard or the rules use that the bundle does not serve")
                .isEmpty();
        if (DebianPackages.promtool() == null) {
            assertThat(DebianPackages.promtoolCheckMetrics(scraped))
                    .as("promtool parses the scrape")
                    .isNotEqualTo(1);
        }

        // PatSnap answers again: the input is reported and its series go, the gate's too
        sandbox.settings().clearInjections();
        workspace.awaitReport("stopped.txt", Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(metrics())
                        .contains("patsnap_account_stopped 0.0", "patsnap_inputs_in_progress 0.0")
                        .doesNotContain("input=\"stopped.txt\"", "patsnap_gate_stopped{"));
    }

    private String metrics() {
        HttpResponse<String> response = PORT.get("/observe/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
