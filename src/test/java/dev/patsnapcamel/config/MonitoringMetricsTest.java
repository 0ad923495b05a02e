package dev.patsnapcamel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import dev.patsnapcamel.api.CallGate;
import dev.patsnapcamel.api.Treatment;
import dev.patsnapcamel.model.InputProgress;
import dev.patsnapcamel.ops.Alerts;
import dev.patsnapcamel.ops.PatsnapMetrics;
import dev.patsnapcamel.support.DebianPackages;

/**
 * The meters of the gates, the inputs in progress and the alerts, as Prometheus scrapes them: with the real
 * gate ({@link ApiConfiguration#stops}), a list of inputs in progress, and the Prometheus registry.
 */
class MonitoringMetricsTest {

    /** A sample line of the text exposition: name, labels with escaped values, a number. */
    static final Pattern SAMPLE =
            Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\""
                    + "(,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\")*,?\\})? "
                    + "(-?[0-9.]+(E-?[0-9]+)?|NaN|[+-]Inf)( -?[0-9]+)?");

    @TempDir
    Path outbox;

    PrometheusMeterRegistry registry;
    PatsnapMetrics metrics;
    Alerts alerts;
    CallGate gate;
    final List<InputProgress> inputs = new CopyOnWriteArrayList<>();

    @BeforeEach
    void meters() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics = new PatsnapMetrics(registry);
        alerts = new Alerts(outbox, Clock.systemUTC(), new ObjectMapper(), null, registry);
        gate = new CallGate(alerts, Clock.systemUTC(), Duration.ofMinutes(5), LocalTime.MIDNIGHT, ZoneOffset.UTC);
        metrics.stops(() -> ApiConfiguration.stops(gate));
        metrics.inputs(() -> inputs);
    }

    @Test
    void theAccountGaugeIsOneWhileTheGateIsClosedAndZeroAfterAnAnswer() {
        assertThat(scrape()).contains("patsnap_account_stopped 0.0").doesNotContain("patsnap_gate_stopped{");

        gate.refused(Treatment.STOP_ACCOUNT, "license", "67200005", "balance");
        metrics.refresh();
        assertThat(scrape())
                .contains(
                        "patsnap_account_stopped 1.0",
                        "patsnap_gate_stopped{code=\"67200005\",scope=\"account\",treatment=\"stop-account\"} 1.0",
                        "patsnap_alerts_total{kind=\"account-stopped\",severity=\"error\"} 1.0");

        gate.answered("license");
        metrics.refresh();
        assertThat(scrape())
                .contains(
                        "patsnap_account_stopped 0.0",
                        "patsnap_alerts_total{kind=\"account-resumed\",severity=\"warning\"} 1.0")
                .doesNotContain("patsnap_gate_stopped{");
    }

    @Test
    void theDailyLimitAndAnEndpointStopAreToldApartFromAStop() {
        gate.refused(Treatment.STOP_ENDPOINT, "litigation", "67200004", "no permission");
        metrics.refresh();
        assertThat(scrape())
                .contains(
                        "patsnap_account_stopped 0.0",
                        "patsnap_gate_stopped{code=\"67200004\",scope=\"litigation\",treatment=\"stop-endpoint\"} 1.0");

        gate.refused(Treatment.PAUSE_DAILY, "license", "67200007", "daily limit");
        metrics.refresh();
        assertThat(scrape())
                .contains(
                        "patsnap_account_stopped 1.0",
                        "patsnap_gate_stopped{code=\"67200007\",scope=\"account\",treatment=\"pause-daily\"} 1.0",
                        "patsnap_gate_stopped{code=\"67200004\",scope=\"litigation\",treatment=\"stop-endpoint\"} 1.0")
                .doesNotContain("treatment=\"stop-account\"");
    }

    @Test
    void theInputGaugesFollowTheInputsInProgressAndDisappearAfterTheReport() {
        assertThat(scrape())
                .contains("patsnap_inputs_in_progress 0.0", "patsnap_ledger_lines_waiting 0.0")
                .doesNotContain("patsnap_input_ledger_lines{");

        inputs.add(input("big.txt", 120, 400));
        inputs.add(input("reading.csv", 30, -1));
        metrics.refresh();
        assertThat(scrape())
                .contains(
                        "patsnap_inputs_in_progress 2.0",
                        "patsnap_ledger_lines_waiting 280.0",
                        "patsnap_input_ledger_lines{input=\"big.txt\"} 120.0",
                        "patsnap_input_ledger_lines_expected{input=\"big.txt\"} 400.0",
                        "patsnap_input_ledger_lines{input=\"reading.csv\"} 30.0",
                        "patsnap_input_ledger_lines_expected{input=\"reading.csv\"} -1.0");

        // big.txt reported: its series go at the next refresh
        inputs.remove(0);
        metrics.refresh();
        assertThat(scrape())
                .contains("patsnap_inputs_in_progress 1.0", "patsnap_ledger_lines_waiting 0.0")
                .doesNotContain("input=\"big.txt\"");
        inputs.clear();
        metrics.refresh();
        assertThat(scrape()).doesNotContain("patsnap_input_ledger_lines{", "patsnap_input_ledger_lines_expected{");
    }

    @Test
    void twoInputsOfTheSameNameAreOneSeries() {
        inputs.add(input("same.txt", 10, 100));
        inputs.add(input("same.txt", 5, 50));
        metrics.refresh();
        assertThat(scrape())
                .contains(
                        "patsnap_input_ledger_lines{input=\"same.txt\"} 15.0",
                        "patsnap_input_ledger_lines_expected{input=\"same.txt\"} 150.0");
    }

    @Test
    void inputNamesFromOutsideRenderAsAValidExposition() throws Exception {
        List<String> names = List.of(
                "quote\"d.txt",
                "new\nline.txt",
                "back\\slash.txt",
                "brace} 1.0\nfake_metric 2.0",
                "unicode-日本.txt",
                "");
        for (String name : names) {
            inputs.add(input(name, 1, 2));
        }
        metrics.refresh();
        String exposition = scrape();
        for (String line : exposition.split("\n")) {
            if (!line.startsWith("# HELP ") && !line.startsWith("# TYPE ")) {
                assertThat(line).as("a sample line").matches(SAMPLE);
            }
        }
        assertThat(exposition).doesNotContain("\nfake_metric");
        // the label values read back as the names
        List<String> read = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^patsnap_input_ledger_lines\\{input=\"((?:[^\"\\\\]|\\\\.)*)\"\\}")
                .matcher(exposition);
        while (m.find()) {
            read.add(m.group(1).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        assertThat(read).containsExactlyInAnyOrderElementsOf(names);
        if (DebianPackages.promtool() == null) {
            assertThat(promtoolParses(exposition)).isTrue();
        }
    }

    @Test
    void promtoolParsesTheBundlesMeters() throws Exception {
        assumeTrue(
                DebianPackages.promtool() == null,
                () -> "promtool (Debian package prometheus) is missing: not checked; " + DebianPackages.promtool());
        gate.refused(Treatment.PAUSE_DAILY, "license", "67200007", "daily limit \"x\"\n");
        inputs.add(input("a\"b\\c\nd", 1, 2));
        metrics.call("license", "0", 100, Duration.ofMillis(120));
        metrics.call("license", "67200002", 100, Duration.ofMillis(80));
        metrics.settled("license", "found", 100);
        metrics.refresh();
        assertThat(promtoolParses(scrape())).isTrue();
    }

    @Test
    void inClusterModeTheNewMetersNameTheNode() {
        PrometheusMeterRegistry tagged = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        NodeTag.apply(tagged, "node-a");
        PatsnapMetrics nodeMetrics = new PatsnapMetrics(tagged);
        Alerts nodeAlerts = new Alerts(outbox, Clock.systemUTC(), new ObjectMapper(), "node-a", tagged);
        CallGate nodeGate =
                new CallGate(nodeAlerts, Clock.systemUTC(), Duration.ofMinutes(5), LocalTime.MIDNIGHT, ZoneOffset.UTC);
        nodeMetrics.stops(() -> ApiConfiguration.stops(nodeGate));
        nodeMetrics.inputs(() -> List.of(input("big.txt", 1, 2)));
        nodeGate.refused(Treatment.STOP_ACCOUNT, "license", "67200005", "balance");
        nodeMetrics.refresh();
        assertThat(tagged.scrape())
                .contains(
                        "patsnap_account_stopped{node=\"node-a\"} 1.0",
                        "patsnap_gate_stopped{code=\"67200005\",node=\"node-a\",scope=\"account\",treatment=\"stop-account\"} 1.0",
                        "patsnap_input_ledger_lines{input=\"big.txt\",node=\"node-a\"} 1.0",
                        "patsnap_inputs_in_progress{node=\"node-a\"} 1.0",
                        "patsnap_rate_limited_total{node=\"node-a\"} 0.0",
                        "patsnap_alerts_total{kind=\"account-stopped\",node=\"node-a\",severity=\"error\"} 1.0");
    }

    @Test
    void theAlertsTheRulesLookForAreCountedFromZero() {
        alerts.expect(Alerts.OUTPUT_FAILED, "warning");
        assertThat(scrape()).contains("patsnap_alerts_total{kind=\"output-failed\",severity=\"warning\"} 0.0");
        alerts.outputFailed("results-db", "connection refused");
        assertThat(scrape()).contains("patsnap_alerts_total{kind=\"output-failed\",severity=\"warning\"} 1.0");
        assertThat(outbox.resolve("alerts").toFile().list()).hasSize(1);
    }

    @Test
    void theCallLatencyServesItsHistogram() {
        assertThat(scrape()).contains("patsnap_rate_limited_total 0.0");
        for (int i = 1; i <= 20; i++) {
            metrics.call("license", "0", 100, Duration.ofMillis(50L * i));
        }
        metrics.call("license", "67200002", 100, Duration.ofMillis(10));
        String exposition = scrape();
        assertThat(exposition)
                .contains(
                        "patsnap_call_duration_seconds_bucket{endpoint=\"license\",le=\"+Inf\"} 21",
                        "patsnap_call_duration_seconds_count{endpoint=\"license\"} 21",
                        "patsnap_rate_limited_total 1.0");
    }

    private String scrape() {
        return registry.scrape();
    }

    private static InputProgress input(String name, long settled, long expected) {
        return new InputProgress("key-" + name.hashCode(), name, settled, expected, Instant.now(), 0, expected);
    }

    /** Whether promtool parses the exposition (lint remarks about names or help texts aside). */
    private static boolean promtoolParses(String exposition) throws Exception {
        return DebianPackages.promtoolCheckMetrics(exposition) != 1;
    }
}
