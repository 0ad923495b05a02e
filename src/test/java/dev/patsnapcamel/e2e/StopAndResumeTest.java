package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.sandbox.CallRecord;
import dev.patsnapcamel.support.Expected;
import dev.patsnapcamel.support.Workspace;

/**
 * When PatSnap stops the account or an endpoint, calls stop at once, the work waits durably, one probe
 * per interval checks the account, and everything resumes by itself when it works again.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/stop-resume/inbox",
            "outbox.dir=target/it/stop-resume/outbox",
            "state.dir=target/it/stop-resume/data",
            "patsnap.endpoints=customs,license",
            "patsnap.batch.size=2",
            "patsnap.stop.probe-interval=1000",
            "patsnap.batch.recovery-interval=200"
        })
class StopAndResumeTest extends SandboxedBundleTest {

    static final String LICENSE = "/advanced-patent-data/license-data";
    static final String CUSTOMS = "/advanced-patent-data/customs-data";
    static final List<String> IDS = List.of("US11205304B2", "CN1394453A", "JP4627367B2", "EP1234567B1", "ES2576A1");

    static final Workspace workspace = new Workspace("stop-resume").wipe();

    @Override
    Workspace workspace() {
        return workspace;
    }

    @Test
    void anAccountStopHaltsEveryCallUntilAProbeSucceeds() {
        sandbox.settings().injectError(null, 67200005, -1);
        workspace.drop("balance.txt", String.join("\n", IDS));

        await().atMost(Duration.ofSeconds(20)).until(() -> alerts().contains("account-stopped"));
        // while stopped: no ledger line, and only one probe a second reaches PatSnap, though 6 batches wait
        // and are offered again every 200 ms
        await().during(Duration.ofMillis(2500))
                .atMost(Duration.ofSeconds(4))
                .until(() -> workspace.ledger("license").isEmpty()
                        && workspace.ledger("customs").isEmpty());
        // the calls already under way when the first stop came back, then one probe at a time
        List<Long> starts = sandbox.stats().calls().stream()
                .map(CallRecord::startedAtMillis)
                .sorted()
                .toList();
        long firstAnswer = starts.get(0) + 300;
        List<Long> probes = starts.stream().filter(t -> t > firstAnswer).toList();
        assertThat(starts.size() - probes.size())
                .as("calls before the stop was known")
                .isBetween(1, 6);
        assertThat(probes).as("probes in 2.5 s").hasSizeBetween(1, 4);
        for (int i = 1; i < probes.size(); i++) {
            assertThat(probes.get(i) - probes.get(i - 1)).isGreaterThanOrEqualTo(900);
        }

        sandbox.settings().clearInjections();

        JsonNode report = workspace.awaitReport("balance.txt", Duration.ofSeconds(20));
        assertThat(report.at("/endpoints/license/failed").asLong()).isZero();
        assertThat(ledger("license", "balance.txt")).hasSize(IDS.size()).allSatisfy(line -> answered(LICENSE, line));
        assertThat(ledger("customs", "balance.txt")).hasSize(IDS.size()).allSatisfy(line -> answered(CUSTOMS, line));
        assertThat(alerts()).containsExactly("account-stopped", "account-resumed");
    }

    @Test
    void anEndpointStopHaltsOnlyThatEndpoint() {
        sandbox.settings().injectError(LICENSE, 67200004, -1);
        workspace.drop("permission.txt", String.join("\n", IDS));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> ledger("customs", "permission.txt").size() == IDS.size());
        assertThat(alerts()).contains("endpoint-stopped");
        assertThat(ledger("license", "permission.txt")).isEmpty();
        assertThat(Files.exists(workspace.report("permission.txt"))).isFalse();

        sandbox.settings().clearInjections();

        workspace.awaitReport("permission.txt", Duration.ofSeconds(20));
        assertThat(ledger("license", "permission.txt")).hasSize(IDS.size()).allSatisfy(line -> answered(LICENSE, line));
        assertThat(alerts()).containsSubsequence("endpoint-stopped", "endpoint-resumed");
    }

    private static List<JsonNode> ledger(String endpoint, String source) {
        return workspace.ledger(endpoint).stream()
                .filter(l -> l.get("source").asText().equals(source))
                .toList();
    }

    private void answered(String path, JsonNode line) {
        assertThat(line.get("status").asText())
                .isEqualTo(Expected.forQuery(path, line.get("query").asText()).status());
    }

    private static List<String> alerts() {
        Path folder = workspace.outbox().resolve("alerts");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".json"))
                    .sorted()
                    .map(f -> Workspace.readJson(f).get("kind").asText())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
