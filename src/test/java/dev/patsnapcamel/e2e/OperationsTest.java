package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;

import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.flow.SourceTracker;
import dev.patsnapcamel.support.HealthCheckScript;
import dev.patsnapcamel.support.ManagementPort;
import dev.patsnapcamel.support.Workspace;

/** What an operator watches, scraped from the running bundle: health, metrics and progress. */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/operations/inbox",
            "outbox.dir=target/it/operations/outbox",
            "state.dir=target/it/operations/data",
            "camel.management.enabled=true",
            "management.host=127.0.0.1",
            "patsnap.endpoints=license",
            "patsnap.stop.probe-interval=300",
            "patsnap.batch.recovery-interval=200"
        })
class OperationsTest extends SandboxedBundleTest {

    static final Workspace workspace = new Workspace("operations").wipe();
    static final ManagementPort PORT = ManagementPort.claim();
    final HttpClient http = HttpClient.newHttpClient();

    @BeanInject
    SourceTracker tracker;

    @Override
    Workspace workspace() {
        return workspace;
    }

    @AfterAll
    static void forgetPort() {
        ManagementPort.forget();
    }

    @Test
    void healthGoesDownWhileTheAccountIsStoppedAndUpWhenItWorks() throws Exception {
        // ready once the watched folder has been looked at
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(get("/observe/health").body()).isEqualTo("{\"status\":\"UP\"}"));
        // UP, with a warning that the answers are the sandbox's
        JsonNode account = StreamSupport.stream(
                        new ObjectMapper()
                                .readTree(get("/observe/health?exposureLevel=full&data=true")
                                        .body())
                                .get("checks")
                                .spliterator(),
                        false)
                .filter(c -> c.get("name").asText().equals("patsnap-account"))
                .findFirst()
                .orElseThrow();
        assertThat(account.get("status").asText()).isEqualTo("UP");
        assertThat(account.get("message").asText()).startsWith("WARN: the answers come from the built-in sandbox");
        assertThat(account.at("/data/sandbox").asBoolean()).isTrue();

        sandbox.settings().injectError(null, 67200005, -1);
        workspace.drop("stop.txt", "US11205304B2\nCN1394453A\n");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> health = get("/observe/health?data=true");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("patsnap-account", "DOWN", "67200005");
        });
        // not ready, but live: the image's health check (on this port) does not call for a restart
        assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);
        assertThat(HealthCheckScript.run(
                        Path.of("config", "application.properties"),
                        Map.of("MANAGEMENT_PORT", Integer.toString(PORT.number()), "MANAGEMENT_HOST", "127.0.0.1")))
                .isZero();
        assertThat(HealthCheckScript.run(
                        Path.of("config", "application.properties"),
                        Map.of("MANAGEMENT_PORT", HealthCheckScript.closedPort())))
                .isOne();

        sandbox.settings().clearInjections();
        workspace.awaitReport("stop.txt", Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(get("/observe/health").statusCode()).isEqualTo(200));
    }

    @Test
    void metricsCountCallsAndLedgerLinesAndProgressIsReported() throws Exception {
        sandbox.settings().latencyMs(100);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            ids.add("US" + (70_000_000 + i * 3) + "B2");
        }
        // watch the progress lines the progress-log route writes while the file runs
        List<String> progress = new CopyOnWriteArrayList<>();
        workspace.drop("big.txt", String.join("\n", ids));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    progress.addAll(tracker.progressLines());
                    return java.nio.file.Files.exists(workspace.report("big.txt"));
                });
        sandbox.settings().latencyMs(0);

        assertThat(progress)
                .anySatisfy(line -> assertThat(line)
                        .matches("Progress big\\.txt: \\d+ of 400 ledger lines \\(\\d+%\\), \\d+/s, about .* left"));
        String metrics = get("/observe/metrics").body();
        assertThat(metrics)
                .contains(
                        "patsnap_calls_total{endpoint=\"license\",outcome=\"0\"} 4.0",
                        "patsnap_ids_settled_total{endpoint=\"license\",status=\"found\"}",
                        "patsnap_call_duration_seconds_bucket",
                        "patsnap_batch_ids_max{endpoint=\"license\"} 100.0",
                        "patsnap_calls_in_flight",
                        "patsnap_calls_in_flight_limit",
                        "patsnap_calls_in_flight_latency_seconds",
                        "patsnap_rate_allowed",
                        "patsnap_billed_results_total{endpoint=\"license\"}",
                        "patsnap_budget_used_results",
                        "patsnap_budget_daily_results 0.0");
    }

    private HttpResponse<String> get(String path) {
        return PORT.get(path);
    }
}
