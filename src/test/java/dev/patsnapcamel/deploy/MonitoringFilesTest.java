package dev.patsnapcamel.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.support.DebianPackages;

/**
 * The dashboard and the alert rules of {@code deploy/monitoring/}: they parse, use only documented metric names
 * of the bundle, say what an operator needs, and pass {@code promtool} where it is installed. That every name
 * they use is served is {@link MonitoringBundleTest}'s part.
 */
class MonitoringFilesTest {

    @Test
    void theParserFindsTheMetricNamesButNotLabelsStringsOrLongerNames() {
        Set<String> names = MonitoringFiles.metricNames(List.of(
                "histogram_quantile(0.99, sum by (le, node) (rate(patsnap_call_duration_seconds_bucket{node=~\"$node\"}[5m])))",
                "sum by (kind) (increase(patsnap_alerts_total{kind=\"patsnap_not_a_metric\"}[1h]))",
                "max(patsnap_budget_used_results) / max(patsnap_budget_daily_results > 0) + my_patsnap_other",
                "patsnap_calls_total unless on (node) x_patsnap_calls"));
        assertThat(names)
                .containsExactly(
                        "patsnap_alerts_total",
                        "patsnap_budget_daily_results",
                        "patsnap_budget_used_results",
                        "patsnap_call_duration_seconds_bucket",
                        "patsnap_calls_total");
    }

    @Test
    void aMisspeltNameIsUnknownAndAHistogramsSeriesAreKnown() {
        Set<String> known = Set.of("patsnap_call_duration_seconds", "patsnap_calls_total", "patsnap_batch_ids");
        assertThat(MonitoringFiles.unknown(
                        Set.of(
                                "patsnap_call_duration_seconds_bucket",
                                "patsnap_call_duration_seconds_count",
                                "patsnap_batch_ids_max",
                                "patsnap_calls_total"),
                        known))
                .isEmpty();
        assertThat(MonitoringFiles.unknown(
                        Set.of(
                                "patsnap_call_total",
                                "patsnap_call_duration_second_bucket",
                                "patsnap_calls_total_sum",
                                "patsnap_calls_in_fligth"),
                        known))
                .containsExactly(
                        "patsnap_call_duration_second_bucket",
                        "patsnap_call_total",
                        "patsnap_calls_in_fligth",
                        "patsnap_calls_total_sum");
        // against a scrape: as served
        assertThat(MonitoringFiles.sampleNames("# HELP patsnap_calls_total PatSnap calls\n"
                        + "# TYPE patsnap_calls_total counter\n"
                        + "patsnap_calls_total{endpoint=\"license\",outcome=\"0\"} 4.0\n"
                        + "patsnap_rate_allowed 50.0\n"))
                .containsExactly("patsnap_calls_total", "patsnap_rate_allowed");
    }

    @Test
    void theDashboardAndTheRulesUseOnlyDocumentedMetrics() throws IOException {
        Set<String> documented = MonitoringFiles.documentedMetrics();
        assertThat(documented).contains("patsnap_calls_total", "patsnap_account_stopped", "patsnap_alerts_total");
        Set<String> dashboard = MonitoringFiles.metricNames(MonitoringFiles.dashboardExpressions());
        Set<String> rules = MonitoringFiles.metricNames(MonitoringFiles.ruleExpressions());
        assertThat(MonitoringFiles.unknown(dashboard, documented)).isEmpty();
        assertThat(MonitoringFiles.unknown(rules, documented)).isEmpty();
        // what the dashboard shows
        assertThat(dashboard)
                .contains(
                        "patsnap_calls_total",
                        "patsnap_rate_allowed",
                        "patsnap_calls_in_flight",
                        "patsnap_calls_in_flight_limit",
                        "patsnap_call_duration_seconds_bucket",
                        "patsnap_ids_settled_total",
                        "patsnap_billed_results_total",
                        "patsnap_account_stopped",
                        "patsnap_gate_stopped",
                        "patsnap_input_ledger_lines",
                        "patsnap_input_ledger_lines_expected",
                        "patsnap_budget_used_results",
                        "patsnap_budget_daily_results");
    }

    @Test
    void theDashboardIsImportable() throws IOException {
        JsonNode dashboard = MonitoringFiles.dashboard();
        assertThat(dashboard.get("schemaVersion").asInt()).isBetween(36, 41);
        assertThat(dashboard.get("uid").asText()).isEqualTo("patsnap-camel");
        List<String> variables = new ArrayList<>();
        dashboard
                .at("/templating/list")
                .forEach(v -> variables.add(
                        v.get("name").asText() + ":" + v.get("type").asText()));
        assertThat(variables).contains("DS_PROMETHEUS:datasource", "node:query");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(ids.add(panel.get("id").asInt()))
                    .as("panel ids are unique")
                    .isTrue();
            assertThat(panel.get("title").asText()).isNotBlank();
            assertThat(panel.at("/gridPos/w").asInt()).isBetween(1, 24);
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.at("/datasource/uid").asText()).isEqualTo("${DS_PROMETHEUS}");
                assertThat(target.get("expr").asText()).isNotBlank();
            }
        }
        assertThat(MonitoringFiles.dashboardExpressions())
                .anySatisfy(e -> assertThat(e).contains("rate(patsnap_calls_total", "[1m]"))
                .anySatisfy(e -> assertThat(e).startsWith("histogram_quantile(0.95,"))
                .anySatisfy(e -> assertThat(e).startsWith("histogram_quantile(0.99,"))
                .anySatisfy(e -> assertThat(e).contains("by (outcome)"))
                .anySatisfy(e -> assertThat(e).contains("by (status)"));
    }

    @Test
    void everyAlertWaitsHasASeverityAndTellsWhatHappened() throws IOException {
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : MonitoringFiles.rules().get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                alerts.add(rule.get("alert").asText());
                assertThat(rule.has("for")).as(rule.get("alert") + " has for:").isTrue();
                assertThat(rule.at("/labels/severity").asText()).isIn("critical", "warning");
                assertThat(rule.at("/annotations/summary").asText()).isNotBlank();
                assertThat(rule.at("/annotations/description").asText()).isNotBlank();
            }
        }
        assertThat(alerts)
                .contains(
                        "PatsnapAccountStopped",
                        "PatsnapDailyLimitReached",
                        "PatsnapRateLimited",
                        "PatsnapNoProgress",
                        "PatsnapOutputFailing",
                        "PatsnapMailFailing",
                        "PatsnapBudgetAt80Percent");
        assertThat(Files.readString(MonitoringFiles.PROMETHEUS))
                .contains("metrics_path: /observe/metrics", "- patsnap-camel-rules.yml");
    }

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        assumeTrue(
                DebianPackages.promtool() == null,
                () -> "promtool (Debian package prometheus) is missing: not checked; " + DebianPackages.promtool());
        assertThat(promtool("check", "rules", MonitoringFiles.RULES.toString())).contains("SUCCESS: 8 rules found");
    }

    @Test
    void promtoolAcceptsTheScrapeConfiguration() throws Exception {
        assumeTrue(
                DebianPackages.promtool() == null,
                () -> "promtool (Debian package prometheus) is missing: not checked; " + DebianPackages.promtool());
        assertThat(promtool("check", "config", MonitoringFiles.PROMETHEUS.toString()))
                .contains("SUCCESS: 1 rule files found", "is valid prometheus config file syntax");
    }

    /** Runs promtool: its output, once it exited 0. */
    static String promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(DebianPackages.PROMTOOL.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
