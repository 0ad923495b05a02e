package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.sandbox.CallRecord;
import dev.patsnapcamel.sandbox.SandboxServer;
import dev.patsnapcamel.sandbox.SandboxSettings;
import dev.patsnapcamel.support.BundleProcess;
import dev.patsnapcamel.support.Workspace;

/**
 * A daily budget of 300 billed results through the real Main (a bundle process calling a sandbox of this
 * test, which outlives the bundle's restart and counts what it billed): the budget is never exceeded, the
 * work past it waits (nothing {@code failed}, no report), alerts name the budget, and a restart with a higher
 * budget completes the input with no ID asked twice and a report that bills what the sandbox billed.
 */
class DailyBudgetRunTest {

    static final int BUDGET = 300;
    static final String LICENSE = "/advanced-patent-data/license-data";

    final Workspace workspace = new Workspace("daily-budget").wipe();
    final SandboxServer sandbox = new SandboxServer(new SandboxSettings().latencyMs(20)).start();

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    @Test
    void aBudgetOf300IsNeverExceededAndARaisedBudgetCompletesTheInput() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            ids.add("US" + (50_000_000 + i * 13) + "B2");
        }
        workspace.drop("budget.txt", String.join("\n", ids));

        try (BundleProcess first = bundle(BUDGET).start()) {
            // the last calls of the day are shortened to what is left (a patent PatSnap does not know costs
            // nothing, so they go on) until the day's billed results are exactly the budget; then none leaves
            await().atMost(Duration.ofSeconds(90)).until(() -> sandbox.stats().billedResults() == BUDGET);
            long calls = sandbox.stats().totalCalls();
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> sandbox.stats().billedResults() == BUDGET
                            && sandbox.stats().totalCalls() == calls);
            assertThat(alerts("budget-reached")).hasSize(1);
            assertThat(workspace.ledger("license"))
                    .as("work past the budget waits, it does not fail")
                    .isNotEmpty()
                    .hasSizeLessThan(ids.size())
                    .noneMatch(line -> line.get("status").asText().equals("failed"));
            assertThat(Files.exists(workspace.report("budget.txt"))).isFalse();
            JsonNode reached = alerts("budget-reached").get(0);
            assertThat(reached.get("budget").asLong()).isEqualTo(BUDGET);
            assertThat(reached.get("key").asText()).isEqualTo("patsnap.budget.daily-results");
            assertThat(reached.get("message").asText()).contains("300");
            assertThat(alerts("budget-80")).hasSize(1);
            assertThat(first.stop(40)).isZero();
        }
        long billedInFirstRun = sandbox.stats().billedResults();
        assertThat(billedInFirstRun).isLessThanOrEqualTo(BUDGET);

        try (BundleProcess second = bundle(100_000).start()) {
            JsonNode report = workspace.awaitReport("budget.txt", Duration.ofSeconds(90));
            assertThat(second.stop(40)).isZero();

            assertThat(report.at("/endpoints/license/failed").asLong()).isZero();
            assertThat(report.at("/endpoints/license/billed_results").asLong())
                    .as("the report bills what the sandbox billed, over both runs")
                    .isEqualTo(sandbox.stats().billedResults())
                    .isGreaterThan(BUDGET);
        }
        // exactly one line per ID, and no ID asked twice across the two runs
        Map<String, Long> lines = workspace.ledger("license").stream()
                .collect(Collectors.groupingBy(l -> l.get("query").asText(), Collectors.counting()));
        assertThat(lines.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(lines.values()).allMatch(n -> n == 1);
        Map<String, Integer> asked = new HashMap<>();
        for (CallRecord call : sandbox.stats().calls()) {
            if (call.path().equals(LICENSE)) {
                call.ids().forEach(id -> asked.merge(id, 1, Integer::sum));
            }
        }
        assertThat(asked.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(asked.entrySet()).allMatch(e -> e.getValue() == 1);
    }

    private BundleProcess bundle(int budget) {
        return new BundleProcess(workspace.root().resolve("bundle.log"))
                .option("-Dintake.file.dir=" + workspace.inbox())
                .option("-Doutbox.dir=" + workspace.outbox())
                .option("-Dstate.dir=" + workspace.root().resolve("data"))
                .option("-Dintake.file.stable-time=100ms")
                .option("-Dpatsnap.sandbox.enabled=false")
                .option("-Dpatsnap.base-url=" + sandbox.baseUrl())
                .option("-Dpatsnap.client-id=" + SandboxSettings.DEFAULT_CLIENT_ID)
                .option("-Dpatsnap.client-secret=" + SandboxSettings.DEFAULT_CLIENT_SECRET)
                .option("-Dpatsnap.endpoints=license")
                .option("-Dpatsnap.qps=50")
                .option("-Dpatsnap.batch.size=100")
                .option("-Dpatsnap.batch.timeout=300")
                .option("-Dpatsnap.batch.recovery-interval=300")
                .option("-Dpatsnap.budget.daily-results=" + budget);
    }

    private List<JsonNode> alerts(String kind) {
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
