package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.Workspace;

/**
 * A call in flight holds no thread: the real {@code Main} keeps far more calls outstanding at the sandbox than
 * the whole JVM has threads. With a blocking HTTP client every call in flight would hold one.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/calls-in-flight/inbox",
            "outbox.dir=target/it/calls-in-flight/outbox",
            "state.dir=target/it/calls-in-flight/data",
            // slow answers at a high rate: about 100 calls per second x 4 s latency = 400 in flight
            "patsnap.sandbox.latency-ms=4000",
            "patsnap.sandbox.latency-jitter-ms=0",
            "patsnap.sandbox.qps=0",
            "patsnap.qps=100",
            "patsnap.max-in-flight=600",
            "patsnap.batch.size=1",
            "patsnap.batch.timeout=200",
            "patsnap.endpoints=license"
        })
class CallsInFlightTest extends SandboxedBundleTest {

    static final int IDS = 600;
    /** Calls in flight at the sandbox at once that the test waits for. */
    static final int IN_FLIGHT = 200;

    static final Workspace workspace = new Workspace("calls-in-flight").wipe();

    @Override
    Workspace workspace() {
        return workspace;
    }

    @Test
    void manyCallsInFlightHoldFewThreads() {
        List<String> ids = IntStream.range(0, IDS)
                .mapToObj(i -> "US" + (60_000_000 + i * 13) + "B2")
                .collect(Collectors.toList());
        workspace.drop("in-flight.txt", String.join("\n", ids));

        // a state, not a moment: once the sandbox holds IN_FLIGHT calls unanswered, count the JVM's threads
        // (the test's, the sandbox's and the bundle's together)
        await().atMost(Duration.ofSeconds(120)).until(() -> sandbox.stats().inFlight() >= IN_FLIGHT);
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();

        workspace.awaitReport("in-flight.txt", Duration.ofSeconds(180));
        List<JsonNode> ledger = workspace.ledger("license").stream()
                .filter(l -> l.get("source").asText().equals("in-flight.txt"))
                .toList();
        assertThat(ledger)
                .hasSize(IDS)
                .allSatisfy(l -> assertThat(l.get("status").asText()).isNotEqualTo("failed"));
        assertThat(sandbox.stats().peakInFlight()).isGreaterThanOrEqualTo(IN_FLIGHT);
        assertThat(threads)
                .as("live threads in the JVM with %d calls in flight", IN_FLIGHT)
                .isLessThan(IN_FLIGHT);
    }
}
