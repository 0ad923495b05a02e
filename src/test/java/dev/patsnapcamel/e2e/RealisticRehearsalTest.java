package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.sandbox.SandboxSettings;
import dev.patsnapcamel.support.Workspace;

/**
 * The sandbox's {@code realistic} profile (5 s +/- 2 s, a 10 s tail, time-outs, occasional 67200100, its
 * QPS limit), its delays scaled by {@code patsnap.sandbox.time-scale=0.01}, set by configuration, with the
 * default endpoints, through the real {@code Main}. The scaled "time-out" delay (350 ms) stays far below
 * the response time-out, and busy answers are retried, so no line may end {@code failed}.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/realistic/inbox",
            "outbox.dir=target/it/realistic/outbox",
            "state.dir=target/it/realistic/data",
            "patsnap.sandbox.profile=realistic",
            "patsnap.sandbox.time-scale=0.01",
            "patsnap.sandbox.qps=10",
            "patsnap.qps=8",
            "patsnap.batch.size=10",
            "patsnap.http.response-timeout=10000",
            "patsnap.retry.initial-delay=100",
            "patsnap.retry.max-delay=1000"
        })
class RealisticRehearsalTest extends SandboxedBundleTest {

    static final Map<String, String> PATHS = RehearsalTest.PATHS;

    static final Workspace workspace = new Workspace("realistic").wipe();

    @Override
    Workspace workspace() {
        return workspace;
    }

    @Test
    void theReadmeDemoCompletes() {
        assertThat(sandbox.settings().profile()).isEqualTo(SandboxSettings.Profile.REALISTIC);
        assertThat(sandbox.settings().timeScale()).isEqualTo(0.01);

        workspace.drop(
                "demo.txt",
                "US11205304B2\nus-10252387-b2\nCN1394453A\n718ead9c-4f3c-4674-8f5a-24e126827269\nnot-a-patent\n");
        JsonNode report = workspace.awaitReport("demo.txt", Duration.ofSeconds(60));

        assertThat(report.get("status").asText()).isEqualTo("complete");
        assertThat(report.get("ids_unique").asLong()).isEqualTo(5);
        assertThat(report.get("rejected_locally").asLong()).isEqualTo(1);
        for (Map.Entry<String, String> endpoint : PATHS.entrySet()) {
            List<JsonNode> ledger = RehearsalTest.ledger(workspace, endpoint.getKey(), "demo.txt");
            assertThat(ledger).as(endpoint.getKey()).hasSize(5);
            assertThat(ledger.stream().map(l -> l.get("query").asText()).toList())
                    .containsExactlyInAnyOrder(
                            "US11205304B2",
                            "US10252387B2",
                            "CN1394453A",
                            "718ead9c-4f3c-4674-8f5a-24e126827269",
                            "not-a-patent");
            assertThat(RehearsalTest.line(ledger, "not-a-patent").get("status").asText())
                    .isEqualTo("rejected");
            assertThat(ledger)
                    .filteredOn(l -> !l.get("query").asText().equals("not-a-patent"))
                    .allSatisfy(l -> RehearsalTest.answeredAsTheSandboxSays(endpoint.getValue(), l));
            assertThat(RehearsalTest.line(ledger, "US11205304B2")
                            .get("patent_id")
                            .asText())
                    .isEqualTo("718ead9c-4f3c-4674-8f5a-24e126827269");
        }
        assertThat(RehearsalTest.line(RehearsalTest.ledger(workspace, "litigation", "demo.txt"), "CN1394453A")
                        .get("status")
                        .asText())
                .isEqualTo("found");
    }

    /**
     * Enough calls that some may meet the profile's own busy answers and tail (1% and 2.5% of calls), and
     * two busy answers for sure (injected); every line still right.
     */
    @Test
    void aLargerInputCompletesWithBusyAnswersRetried() {
        sandbox.settings().injectError(RehearsalTest.LICENSE, 67200100, 2);
        List<String> ids = IntStream.range(0, 300)
                .mapToObj(i -> "US" + (90_000_000 + i * 17) + "B2")
                .collect(Collectors.toList());

        workspace.drop("realistic-300.txt", String.join("\n", ids));
        JsonNode report = workspace.awaitReport("realistic-300.txt", Duration.ofSeconds(120));

        assertThat(report.get("status").asText()).isEqualTo("complete");
        for (Map.Entry<String, String> endpoint : PATHS.entrySet()) {
            List<JsonNode> ledger = RehearsalTest.ledger(workspace, endpoint.getKey(), "realistic-300.txt");
            assertThat(ledger)
                    .as(endpoint.getKey())
                    .hasSize(300)
                    .allSatisfy(l -> RehearsalTest.answeredAsTheSandboxSays(endpoint.getValue(), l));
        }
        @SuppressWarnings("unchecked")
        Map<String, Long> codes = (Map<String, Long>) sandbox.stats().toMap().get("errorCodes");
        assertThat(codes.get("67200100")).isGreaterThanOrEqualTo(2);
        System.out.println("realistic profile, 300 IDs x 3 endpoints: sandbox stats "
                + sandbox.stats().toMap());
    }
}
