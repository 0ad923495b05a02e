package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.LogCapture;
import dev.patsnapcamel.support.Workspace;

/**
 * The in-flight limit follows PatSnap's latency with the shipped ceiling (no patsnap.max-in-flight set): it
 * grows when calls get slow, so that the rate is kept, and comes down again when they are quick; the rate
 * stays within the account's limit as PatSnap counts it, and every ID gets exactly one ledger line.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/in-flight-limit/inbox",
            "outbox.dir=target/it/in-flight-limit/outbox",
            "state.dir=target/it/in-flight-limit/data",
            "patsnap.sandbox.latency-ms=200",
            "patsnap.sandbox.latency-jitter-ms=20",
            "patsnap.sandbox.qps=10",
            "patsnap.qps=10",
            // small batches, so that even a slow intake on a loaded machine keeps more calls waiting than
            // the rate lets go (10 calls a second are 20 IDs a second)
            "patsnap.batch.size=2",
            "patsnap.endpoints=license",
            // full batches only (a slow moment in reading on a loaded machine sends none part-full)
            "patsnap.batch.timeout=2000",
            // a much wider guard than RateLimitTest's 1100ms: the way to the sandbox is this JVM's HTTP
            // client and the sandbox's threads, with up to 45 calls under way, on a machine that may be
            // loaded far beyond its two cores (seen: at a load of 10 to 30, a stall of a few hundred ms after
            // the throttle let calls 120 ms apart reach the sandbox within one second, 11 of them, with
            // 1200ms); 10 calls per 1.5 s still need more than 15 under way at 3 s
            "patsnap.rate.window=1500ms",
            // the slow calls age out of the limit after 5 s instead of 30 s, so the test sees it come down
            "patsnap.in-flight.latency-window=5s",
            "progress.interval=1s"
        })
class AdaptiveInFlightTest extends SandboxedBundleTest {

    static final Workspace workspace = new Workspace("in-flight-limit").wipe();
    static final int IDS = 800;

    @Override
    Workspace workspace() {
        return workspace;
    }

    @BeanInject
    CamelContext context;

    @Test
    void theLimitGrowsWithTheLatencyAndComesBackWhileTheRateStaysWithinTheAccountsLimit() {
        try (LogCapture log = LogCapture.attach()) {
            run();
            // the progress log names the calls in flight, the limit and the latency it is based on
            List<Integer> limits = log.messages(Level.INFO).stream()
                    .map(PROGRESS::matcher)
                    .filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(2)))
                    .toList();
            assertThat(limits).isNotEmpty().anySatisfy(l -> assertThat(l).isGreaterThanOrEqualTo(45));
        }
    }

    private void run() {
        sandbox.settings().qpsLimit(10).latencyMs(200);
        List<String> ids = IntStream.range(0, IDS)
                .mapToObj(i -> "US" + (60_000_000 + i * 7) + "B2")
                .collect(Collectors.toList());
        workspace.drop("latency.txt", String.join("\n", ids));

        // quick answers (200 ms, somewhat more as the bundle sees them on a loaded machine): about one
        // second of calls (10), in any case less than 10/s x 1.67 s x 1.5
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(sandbox.stats().acceptedCalls()).isGreaterThanOrEqualTo(10);
            assertThat(latency()).isPositive();
            assertThat(limit()).isLessThanOrEqualTo(25);
        });

        // PatSnap gets slow (3 s): 10/s needs 30 calls under way, and the limit grows to at least
        // 10/s x 3 s x 1.5 (the bundle sees no call return sooner than PatSnap answers it)
        sandbox.settings().latencyMs(3000);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(limit()).isGreaterThanOrEqualTo(45));
        // and PatSnap sees more calls under way at once than a fixed limit of one second of calls allowed
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(sandbox.stats().peakInFlight()).isGreaterThan(15));

        // quick again: once the slow calls are out of the window, the limit comes back down
        sandbox.settings().latencyMs(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(latency()).isLessThan(1.67);
            assertThat(limit()).isLessThanOrEqualTo(25);
        });

        workspace.awaitReport("latency.txt", Duration.ofSeconds(180));
        List<JsonNode> ledger = workspace.ledger("license").stream()
                .filter(l -> l.get("source").asText().equals("latency.txt"))
                .toList();
        Map<String, Long> linesPerId = ledger.stream()
                .collect(Collectors.groupingBy(l -> l.get("query").asText(), Collectors.counting()));
        assertThat(linesPerId)
                .hasSize(IDS)
                .allSatisfy((id, lines) -> assertThat(lines).as(id).isOne());
        assertThat(ledger).noneSatisfy(l -> assertThat(l.get("status").asText()).isEqualTo("failed"));
        // as PatSnap counts them, at arrival: never more than 10 in a second, none refused as too fast
        assertThat(sandbox.stats().rateLimited()).isZero();
        assertThat(sandbox.stats().maxCallsInAnySecond()).isLessThanOrEqualTo(10);
        assertThat(sandbox.stats().acceptedCalls()).isEqualTo(IDS / 2);
    }

    static final Pattern PROGRESS = Pattern.compile(
            "Progress latency\\.txt: .*; calls in flight (\\d+) of at most (\\d+) \\(latency \\d+\\.\\d s\\)");

    private double limit() {
        return gauge("patsnap.calls.in.flight.limit");
    }

    private double latency() {
        return gauge("patsnap.calls.in.flight.latency");
    }

    private double gauge(String name) {
        MeterRegistry meters = context.getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        return meters.get(name).gauge().value();
    }
}
