package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.Expected;
import dev.patsnapcamel.support.Workspace;

/** How a batch ends when the API answers with an error code, through the real {@code Main} and the sandbox. */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/call-errors/inbox", "outbox.dir=target/it/call-errors/outbox",
            "state.dir=target/it/call-errors/data", "patsnap.endpoints=license",
            "patsnap.retry.max-redeliveries=2", "patsnap.retry.initial-delay=20ms",
            "patsnap.retry.max-delay=100ms"
        })
class CallErrorsTest extends SandboxedBundleTest {

    static final String LICENSE = "/advanced-patent-data/license-data";

    static final Workspace workspace = new Workspace("call-errors").wipe();

    @Override
    Workspace workspace() {
        return workspace;
    }

    @Test
    void transientCodesAreRetriedUntilTheCallSucceeds() {
        sandbox.settings().injectError(LICENSE, 67200002, 1).injectHttpStatus(LICENSE, 503, 1);
        List<String> ids = numbers(10);

        List<JsonNode> ledger = run("transient.txt", ids);

        assertThat(ledger).hasSize(10).allSatisfy(this::answeredAsTheSandboxSays);
        assertThat(sandbox.stats().calls(LICENSE)).isEqualTo(3);
    }

    @Test
    void transientCodesGiveUpAfterTheBoundAsFailed() {
        sandbox.settings().injectError(LICENSE, 67200100, -1);

        List<JsonNode> ledger = run("busy.txt", numbers(5));

        assertThat(ledger).hasSize(5).allSatisfy(line -> {
            assertThat(line.get("status").asText()).isEqualTo("failed");
            assertThat(line.get("error_code").asText()).isEqualTo("67200100");
            assertThat(line.get("error").asText()).containsIgnoringCase("busy");
        });
        // the first attempt and two redeliveries
        assertThat(sandbox.stats().calls(LICENSE)).isEqualTo(3);
    }

    @Test
    void aPoisonedBatchIsBisectedDownToTheBadId() {
        List<String> ids = numbers(100);
        String bad = ids.get(37);
        sandbox.settings().rejectPatent(bad, 68300004);

        List<JsonNode> ledger = run("poisoned.txt", ids);

        assertThat(ledger).hasSize(100);
        JsonNode rejected = ledger.stream()
                .filter(l -> l.get("query").asText().equals(bad))
                .findFirst()
                .orElseThrow();
        assertThat(rejected.get("status").asText()).isEqualTo("rejected");
        assertThat(rejected.get("error_code").asText()).isEqualTo("68300004");
        assertThat(ledger.stream().filter(l -> !l.get("query").asText().equals(bad)))
                .hasSize(99)
                .allSatisfy(this::answeredAsTheSandboxSays);
        // 1 + 2 calls per level of halving: at most 2*log2(100)+1
        assertThat(sandbox.stats().calls(LICENSE)).isGreaterThan(1).isLessThanOrEqualTo(14);
        assertThat(workspace
                        .awaitReport("poisoned.txt", Duration.ofSeconds(5))
                        .at("/endpoints/license/api_calls")
                        .asLong())
                .isEqualTo(sandbox.stats().calls(LICENSE));
    }

    @Test
    void aRefusedTokenIsRenewedOnceAndTheCallRepeated() {
        sandbox.settings().injectError(LICENSE, 67200003, 1);

        List<JsonNode> ledger = run("token.txt", numbers(3));

        assertThat(ledger).hasSize(3).allSatisfy(this::answeredAsTheSandboxSays);
        assertThat(sandbox.stats().tokenRequests()).isEqualTo(2);
        assertThat(sandbox.stats().calls(LICENSE)).isEqualTo(2);
    }

    @Test
    void anIllegalRequestIsRejectedWithoutRetry() {
        sandbox.settings().injectError(LICENSE, 67200012, 1);

        List<JsonNode> ledger = run("illegal.txt", numbers(4));

        assertThat(ledger).hasSize(4).allSatisfy(line -> {
            assertThat(line.get("status").asText()).isEqualTo("rejected");
            assertThat(line.get("error_code").asText()).isEqualTo("67200012");
        });
        assertThat(sandbox.stats().calls(LICENSE)).isEqualTo(1);
    }

    @Test
    void anUnknownCodeFailsWithTheRawCodeAndMessage() {
        sandbox.settings().injectError(LICENSE, 12345678, 1);

        List<JsonNode> ledger = run("unknown.txt", numbers(2));

        assertThat(ledger).hasSize(2).allSatisfy(line -> {
            assertThat(line.get("status").asText()).isEqualTo("failed");
            assertThat(line.get("error_code").asText()).isEqualTo("12345678");
        });
        assertThat(sandbox.stats().calls(LICENSE)).isEqualTo(1);
    }

    private List<JsonNode> run(String file, List<String> ids) {
        workspace.drop(file, String.join("\n", ids));
        JsonNode report = workspace.awaitReport(file, Duration.ofSeconds(20));
        assertThat(report.get("ids_unique").asLong()).isEqualTo(ids.size());
        return workspace.ledger("license");
    }

    private void answeredAsTheSandboxSays(JsonNode line) {
        Expected expected = Expected.forQuery(LICENSE, line.get("query").asText());
        assertThat(line.get("status").asText()).isEqualTo(expected.status());
        if (expected.records() != null) {
            assertThat(line.get("records")).isEqualTo(expected.records());
        }
    }

    private static List<String> numbers(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> "US" + (30_000_000 + i * 13) + "B2")
                .collect(Collectors.toList());
    }
}
