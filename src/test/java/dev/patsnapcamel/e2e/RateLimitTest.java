package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.Workspace;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

/** The account's rate as PatSnap counts it: never exceeded, and found by slowing down when set too high. */
@CamelMainTest(mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = { "classpath:e2e.properties", "file:config/application.properties" },
        properties = {
                "intake.file.dir=target/it/rate-limit/inbox", "outbox.dir=target/it/rate-limit/outbox",
                "state.dir=target/it/rate-limit/data", "patsnap.sandbox.latency-ms=100",
                "patsnap.sandbox.latency-jitter-ms=50", "patsnap.sandbox.qps=10", "patsnap.qps=10",
                "patsnap.max-in-flight=8", "patsnap.batch.size=10", "patsnap.endpoints=license",
                "patsnap.retry.initial-delay=100" })
class RateLimitTest extends SandboxedBundleTest {

    static final Workspace workspace = new Workspace("rate-limit").wipe();

    @Override
    Workspace workspace() {
        return workspace;
    }

    @Test
    void callsStayWithinTheRateAsPatsnapCountsIt() {
        List<JsonNode> ledger = run("rate.txt", 300);

        assertThat(ledger).hasSize(300).noneSatisfy(l -> assertThat(l.get("status").asText()).isEqualTo("failed"));
        assertThat(sandbox.stats().acceptedCalls()).isEqualTo(30);
        long t0 = sandbox.stats().calls().get(0).startedAtMillis();
        assertThat(sandbox.stats().rateLimited()).as(sandbox.stats().calls().stream()
                .map(c -> (c.startedAtMillis() - t0) + ":" + c.errorCode()).toList().toString()).isZero();
        assertThat(sandbox.stats().maxCallsInAnySecond()).isLessThanOrEqualTo(10);
    }

    @Test
    void aRateSetTooHighIsHalvedWhenPatsnapSaysTooFast() {
        sandbox.settings().qpsLimit(4); // the account allows less than the configured 10

        List<JsonNode> ledger = run("too-fast.txt", 200);

        assertThat(ledger).hasSize(200).noneSatisfy(l -> assertThat(l.get("status").asText()).isEqualTo("failed"));
        // a few calls meet the real limit, then the rate comes down and stays within it
        assertThat(sandbox.stats().rateLimited()).isBetween(1L, 12L);
        assertThat(sandbox.stats().acceptedCalls()).isEqualTo(20);
        sandbox.settings().qpsLimit(10);
    }

    private List<JsonNode> run(String file, int count) {
        List<String> ids = IntStream.range(0, count).mapToObj(i -> "US" + (50_000_000 + i * 11) + "B2")
                .collect(Collectors.toList());
        workspace.drop(file, String.join("\n", ids));
        workspace.awaitReport(file, Duration.ofSeconds(60));
        return workspace.ledger("license").stream().filter(l -> l.get("source").asText().equals(file)).toList();
    }
}
