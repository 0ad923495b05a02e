package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.sandbox.CallRecord;
import dev.patsnapcamel.support.Workspace;

/**
 * The first calls of a freshly started bundle at a low rate, as PatSnap counts them: at qps 5 calls leave a
 * fifth of patsnap.rate.window apart, so the 6th is only the window's guard over a second after the 1st. A
 * first call that reaches PatSnap late because its own path was cold (class loading, the client's first
 * request, the connection) would share a second with the 6th and be refused as too fast (67200002), which
 * halves the rate for patsnap.rate.cool-down. The bundle runs with its shipped defaults (no max-in-flight) but
 * for the window's guard (see below), the sandbox enforces qps 5, and the calls are counted from the first one.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/cold-start-rate/inbox",
            "outbox.dir=target/it/cold-start-rate/outbox",
            "state.dir=target/it/cold-start-rate/data",
            // answered at once, so the calls keep their connections: a delayed answer closes its connection, and
            // on a loaded 2-core machine the sandbox (in this JVM) then takes up to 135 ms to accept the next
            // call's new one, after the call went out on time, more than the window's 40 ms guard (seen in steady
            // state at any rate, with or without the cold start; docs/performance.md). This test is about the
            // cold start: the first calls' own set-up, which held them 130-420 ms after their turns
            "patsnap.sandbox.latency-ms=0",
            "patsnap.sandbox.latency-jitter-ms=0",
            // and even so, on a machine at a load of 7 the sandbox's threads have counted a call 89 ms after it
            // went out, in steady state, beyond the shipped window's 40 ms guard: a 100 ms guard keeps that out,
            // while the cold start (the first calls 130-420 ms late, arriving within a few ms of each other)
            // still meets the 6th call within a second without the fix
            "patsnap.rate.window=1100ms",
            "patsnap.sandbox.qps=5",
            "patsnap.qps=5",
            "patsnap.batch.size=10",
            "patsnap.endpoints=license",
            // full batches only: a slow moment in reading on a loaded machine must not send one part-full
            "patsnap.batch.timeout=2000"
        })
class ColdStartRateTest extends SandboxedBundleTest {

    static final Workspace workspace = new Workspace("cold-start-rate").wipe();

    @Override
    Workspace workspace() {
        return workspace;
    }

    @BeanInject
    CamelContext context;

    @Test
    void theFirstCallsOfAFreshBundleStayWithinTheRate() throws Exception {
        CallsSent sent = CallsSent.on(context);
        List<String> ids = IntStream.range(0, 300)
                .mapToObj(i -> "US" + (70_000_000 + i * 17) + "B2")
                .collect(Collectors.toList());
        workspace.drop("cold.txt", String.join("\n", ids));
        workspace.awaitReport("cold.txt", Duration.ofSeconds(90));

        List<JsonNode> ledger = workspace.ledger("license").stream()
                .filter(l -> l.get("source").asText().equals("cold.txt"))
                .toList();
        assertThat(ledger)
                .hasSize(300)
                .noneSatisfy(l -> assertThat(l.get("status").asText()).isEqualTo("failed"));
        // every call admitted at its first attempt: none refused as too fast, from the first call on
        assertThat(sandbox.stats().rateLimited()).as(calls(sent)).isZero();
        assertThat(sandbox.stats().acceptedCalls()).as(calls(sent)).isEqualTo(30);
        assertThat(sandbox.stats().maxCallsInAnySecond()).as(calls(sent)).isLessThanOrEqualTo(5);
        // and at the full rate, not by a slow start: the 30 calls within 30 / 5 s and a little
        List<CallRecord> calls = sandbox.stats().calls();
        long first = calls.stream().mapToLong(CallRecord::startedAtMillis).min().orElseThrow();
        long last = calls.stream().mapToLong(CallRecord::startedAtMillis).max().orElseThrow();
        assertThat(last - first).as(calls(sent)).isLessThan(9_500);
    }

    /**
     * The sandbox's calls as ms since the first : error code, and the moments the bundle handed them to the
     * client, for failure messages.
     */
    private String calls(CallsSent sent) {
        List<CallRecord> calls = sandbox.stats().calls();
        long t0 = calls.isEmpty() ? 0 : calls.get(0).startedAtMillis();
        List<CallsSent.Sent> all = sent.sent();
        return "arrived "
                + calls.stream()
                        .map(c -> (c.startedAtMillis() - t0) + ":" + c.errorCode())
                        .toList()
                + ", sent "
                + all.stream().map(c -> Long.toString(c.millis() - t0)).toList();
    }
}
