package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.state.BilledResults;
import dev.patsnapcamel.support.LogCapture;
import dev.patsnapcamel.support.Workspace;

/**
 * The bill through the real Main: every report carries per endpoint the results PatSnap (the sandbox)
 * billed, counted from its answers, and the reconciliation with the sandbox's usage statement records both
 * counts and raises {@code bill-mismatch} only when they differ.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/bill/inbox",
            "outbox.dir=target/it/bill/outbox",
            "state.dir=target/it/bill/data",
            "patsnap.endpoints=customs,license",
            "patsnap.batch.size=20"
        })
// one bundle (and one sandbox, whose statement covers the whole day) for both tests: the state database
// counts the day's bill across them too
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillTest extends SandboxedBundleTest {

    static final Workspace workspace = new Workspace("bill").wipe();

    @BeanInject
    ProducerTemplate template;

    @BeanInject
    BilledResults billed;

    @Override
    Workspace workspace() {
        return workspace;
    }

    static List<String> ids(int n, int seed) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("US" + (30_000_000 + seed * 10_000 + i * 7) + "B2");
        }
        return ids;
    }

    @Test
    void theReportCarriesWhatTheSandboxBilledPerEndpoint() {
        long from = System.currentTimeMillis() - 1000;
        workspace.drop("billed.txt", String.join("\n", ids(150, 1)) + "\nnot-a-patent!");
        JsonNode report = workspace.awaitReport("billed.txt", Duration.ofSeconds(30));
        Map<String, long[]> bill = sandbox.stats().bill(from, System.currentTimeMillis() + 1000);

        long total = 0;
        for (String endpoint : List.of("customs", "license")) {
            JsonNode tally = report.at("/endpoints/" + endpoint);
            long billedResults = tally.get("billed_results").asLong();
            long answered = tally.get("found").asLong() + tally.get("empty").asLong();
            String path = "/advanced-patent-data/" + endpoint + "-data";
            assertThat(billedResults).as(endpoint).isEqualTo(bill.get(path)[1]).isEqualTo(answered);
            assertThat(billedResults)
                    .as("%s: some IDs unknown to PatSnap, not billed", endpoint)
                    .isLessThan(150)
                    .isPositive();
            total += billedResults;
        }
        assertThat(total).isEqualTo(sandbox.stats().billedResults());
    }

    @Test
    void theReconciliationAlertsOnlyWhenTheStatementDisagrees() {
        workspace.drop("reconcile.txt", String.join("\n", ids(60, 2)));
        JsonNode report = workspace.awaitReport("reconcile.txt", Duration.ofSeconds(30));
        assertThat(report.at("/endpoints/license/billed_results").asLong()).isPositive();
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();

        try (LogCapture logs = LogCapture.attach()) {
            reconcile(today);
            Map<String, BilledResults.Count[]> agreed = billed.checks(today);
            assertThat(agreed).containsKeys("customs", "license");
            agreed.forEach(
                    (endpoint, counts) -> assertThat(counts[1]).as(endpoint).isEqualTo(counts[0]));
            assertThat(alerts("bill-mismatch")).isEmpty();

            sandbox.settings().statementSkew(3);
            reconcile(today);
            List<JsonNode> mismatches = alerts("bill-mismatch");
            assertThat(mismatches).hasSize(1);
            JsonNode alert = mismatches.get(0);
            assertThat(alert.get("day").asText()).isEqualTo(today);
            assertThat(alert.get("endpoints")).hasSize(2);
            for (JsonNode d : alert.get("endpoints")) {
                assertThat(d.get("theirs").asLong()).isEqualTo(d.get("ours").asLong() + 3);
            }
            billed.checks(today)
                    .forEach((endpoint, counts) ->
                            assertThat(counts[1].results()).as(endpoint).isEqualTo(counts[0].results() + 3));
            assertThat(logs.texts()).noneMatch(line -> line.contains("sandbox-secret"));
        }
    }

    private void reconcile(String day) {
        template.send("direct:bill-reconcile", exchange -> exchange.setProperty(Headers.BILL_DAY, day));
    }

    private static List<JsonNode> alerts(String kind) {
        Path folder = workspace.outbox().resolve("alerts");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith("-" + kind + ".json"))
                    .sorted()
                    .map(Workspace::readJson)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
