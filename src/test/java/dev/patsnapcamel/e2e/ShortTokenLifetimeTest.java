package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.Workspace;

/**
 * Tokens that live 2 s and a long queue of calls at 10 a second: the token is checked right before each
 * call leaves (after its wait for a rate slot) and renewed within its margin, so no call is sent with a
 * stale one and no ID ends as {@code failed}. Through the real {@code Main} and the sandbox.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/short-token/inbox",
            "outbox.dir=target/it/short-token/outbox",
            "state.dir=target/it/short-token/data",
            "patsnap.endpoints=license",
            "patsnap.sandbox.token-lifetime=2",
            "patsnap.sandbox.latency-ms=50",
            "patsnap.sandbox.latency-jitter-ms=30",
            "patsnap.qps=10",
            "patsnap.max-in-flight=16",
            "patsnap.batch.size=20",
            "patsnap.retry.initial-delay=100",
            // the calls are counted as full batches: a batch waits for its 20 IDs long enough that a
            // slow moment in reading on a loaded machine does not send one part-full (with
            // e2e.properties' 200 ms it once made 101 calls of 2000 IDs)
            "patsnap.batch.timeout=2000"
        })
class ShortTokenLifetimeTest extends SandboxedBundleTest {

    static final String LICENSE = "/advanced-patent-data/license-data";

    static final Workspace workspace = new Workspace("short-token").wipe();

    @Override
    Workspace workspace() {
        return workspace;
    }

    @Test
    void tokensThatExpireWhileCallsQueueAreRenewedBeforeTheyAreSent() {
        List<String> ids = IntStream.range(0, 2000)
                .mapToObj(i -> "US" + (60_000_000 + i * 7) + "B2")
                .collect(Collectors.toList());
        workspace.drop("short-token.txt", String.join("\n", ids));

        JsonNode report = workspace.awaitReport("short-token.txt", Duration.ofSeconds(120));

        List<JsonNode> ledger = workspace.ledger("license");
        assertThat(ledger).hasSize(2000);
        assertThat(ledger)
                .allSatisfy(line -> assertThat(line.get("status").asText())
                        .as(line.toString())
                        .isIn(Set.of("found", "empty", "not_found")));
        assertThat(report.at("/endpoints/license/failed").asLong()).isZero();
        // 100 calls at 10 a second take over 10 s: the 2-second token was renewed many times, never refused
        assertThat(sandbox.stats().tokenRequests()).isGreaterThanOrEqualTo(5);
        assertThat(sandbox.stats().calls().stream()
                        .filter(c -> c.errorCode() == 67200003)
                        .count())
                .isZero();
        assertThat(sandbox.stats().calls(LICENSE)).isEqualTo(100);
    }
}
