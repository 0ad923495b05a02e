package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.sandbox.CallRecord;
import dev.patsnapcamel.sandbox.SandboxData;
import dev.patsnapcamel.sandbox.SandboxSettings;
import dev.patsnapcamel.support.ApiAnswers;
import dev.patsnapcamel.support.Expected;
import dev.patsnapcamel.support.Workspace;

/**
 * A rehearsal of the real service through the real {@code Main}: the sandbox answers tokens wrapped in
 * {@code data} (with {@code expires_in} as a string), calls over its QPS limit (below the bundle's
 * {@code patsnap.qps}) with HTTP 429 and {@code Retry-After}, and HTTP errors with the JSON envelope, all
 * set by configuration ({@code patsnap.sandbox.*}). Also: one identity per patent, PatSnap's examples.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/rehearsal/inbox",
            "outbox.dir=target/it/rehearsal/outbox",
            "state.dir=target/it/rehearsal/data",
            "patsnap.sandbox.token-answer=wrapped",
            "patsnap.sandbox.rate-limit-answer=http-429",
            "patsnap.sandbox.retry-after=1",
            "patsnap.sandbox.error-bodies=json",
            "patsnap.sandbox.qps=8",
            "patsnap.qps=20",
            "patsnap.sandbox.latency-ms=20",
            "patsnap.sandbox.latency-jitter-ms=10",
            "patsnap.retry.initial-delay=200ms",
            "patsnap.retry.max-delay=2s",
            "patsnap.stop.probe-interval=500",
            "patsnap.batch.recovery-interval=200"
        })
class RehearsalTest extends SandboxedBundleTest {

    static final String LICENSE = "/advanced-patent-data/license-data";
    static final Map<String, String> PATHS = Map.of(
            "customs",
            "/advanced-patent-data/customs-data",
            "license",
            LICENSE,
            "litigation",
            "/high-value-data/litigation");

    static final String US_EXAMPLE = "US11205304B2";
    static final String US_EXAMPLE_ID = "718ead9c-4f3c-4674-8f5a-24e126827269";

    static final Workspace workspace = new Workspace("rehearsal").wipe();

    @Override
    Workspace workspace() {
        return workspace;
    }

    @Test
    void twoThousandIdsCompleteThroughWrappedTokensAndHttp429() {
        assertThat(sandbox.settings().tokenAnswer()).isEqualTo(SandboxSettings.TokenAnswer.WRAPPED);
        assertThat(sandbox.settings().rateLimitAnswer()).isEqualTo(SandboxSettings.RateLimitAnswer.HTTP_429);
        List<String> ids = IntStream.range(0, 2_000)
                .mapToObj(i -> "US" + (60_000_000 + i * 7) + "B2")
                .collect(Collectors.toList());

        // each batch goes to the three endpoints at once: with 2 calls a second allowed, the first batch
        // meets the limit whatever the machine's speed; then the account allows 8, still below patsnap.qps
        sandbox.settings().qpsLimit(2);
        workspace.drop("rehearsal-2000.txt", String.join("\n", ids));
        await().atMost(Duration.ofSeconds(60)).until(() -> sandbox.stats().rateLimited() > 0);
        sandbox.settings().qpsLimit(8);
        JsonNode report = workspace.awaitReport("rehearsal-2000.txt", Duration.ofSeconds(150));

        assertThat(report.get("status").asText()).isEqualTo("complete");
        assertThat(report.get("ids_unique").asLong()).isEqualTo(2_000);
        for (Map.Entry<String, String> endpoint : PATHS.entrySet()) {
            List<JsonNode> ledger = ledger(endpoint.getKey(), "rehearsal-2000.txt");
            assertThat(ledger).as(endpoint.getKey()).hasSize(2_000);
            assertThat(ledger.stream().map(l -> l.get("query").asText()).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrderElementsOf(ids);
            assertThat(ledger).allSatisfy(line -> answeredAsTheSandboxSays(endpoint.getValue(), line));
        }
        // the limit was met, as HTTP 429 with Retry-After, and the token came wrapped
        List<CallRecord> calls = sandbox.stats().calls();
        assertThat(sandbox.stats().rateLimited()).isPositive();
        assertThat(calls).anySatisfy(c -> assertThat(c.httpStatus()).isEqualTo(429));
        assertThat(sandbox.stats().acceptedCalls()).isGreaterThanOrEqualTo(3 * 20);
        assertThat(sandbox.stats().tokenRequests()).isPositive();
    }

    @Test
    void aJsonBodiedHttp403StopsTheEndpointAndParksItsWork() {
        stopsTheEndpointAndResumes(403, "67200004");
    }

    @Test
    void aJsonBodiedHttp404StopsTheEndpointAndParksItsWork() {
        stopsTheEndpointAndResumes(404, "67200101");
    }

    @Test
    void aJsonBodiedHttp401RenewsTheTokenAndRepeatsTheCall() {
        sandbox.settings().injectHttpStatus(LICENSE, 401, 1);
        List<String> ids = numbers(70_000_000, 3);

        workspace.drop("renew.txt", String.join("\n", ids));
        workspace.awaitReport("renew.txt", Duration.ofSeconds(30));

        assertThat(ledger("license", "renew.txt")).hasSize(3).allSatisfy(l -> answeredAsTheSandboxSays(LICENSE, l));
        assertThat(sandbox.stats().calls())
                .filteredOn(c -> c.path().equals(LICENSE) && c.httpStatus() == 401)
                .hasSize(1);
        assertThat(sandbox.stats().tokenRequests()).isGreaterThanOrEqualTo(1);
        assertThat(ApiAnswers.alerts(workspace)).noneMatch(kind -> kind.endsWith("-stopped"));
    }

    @Test
    void thePatentAskedByIdAndByNumberInOneFileGetsTheSameRecords() {
        workspace.drop("both-ways.txt", US_EXAMPLE + "\n" + US_EXAMPLE_ID + "\nJP4627367B2\nCN1394453A\n");
        workspace.awaitReport("both-ways.txt", Duration.ofSeconds(30));

        for (String endpoint : PATHS.keySet()) {
            List<JsonNode> ledger = ledger(endpoint, "both-ways.txt");
            assertThat(ledger).as(endpoint).hasSize(4);
            JsonNode byNumber = line(ledger, US_EXAMPLE);
            JsonNode byId = line(ledger, US_EXAMPLE_ID);
            assertThat(byNumber.get("patent_id").asText()).isEqualTo(US_EXAMPLE_ID);
            assertThat(byId.get("pn").asText()).isEqualTo(US_EXAMPLE);
            assertThat(byId.get("status").asText())
                    .isEqualTo(byNumber.get("status").asText())
                    .isNotEqualTo("failed");
            assertThat(byId.get("records")).as(endpoint).isEqualTo(byNumber.get("records"));
            assertThat(ledger).allSatisfy(l -> answeredAsTheSandboxSays(PATHS.get(endpoint), l));
        }
        JsonNode customs = line(ledger("customs", "both-ways.txt"), "JP4627367B2");
        assertThat(customs.get("status").asText()).isEqualTo("found");
        assertThat(customs.get("records").findValuesAsText("record_number")).contains("P4627367-20150902-20201119");
        JsonNode litigation = line(ledger("litigation", "both-ways.txt"), "CN1394453A");
        assertThat(litigation.get("status").asText()).isEqualTo("found");
        assertThat(litigation.get("records")).isNotEmpty();
    }

    @Test
    void thePatentAskedByIdAndByNumberInTwoFilesGetsTheSameRecords() {
        List<String> numbers = Stream.concat(
                        Stream.of(US_EXAMPLE, "JP4627367B2", "CN1394453A"), numbers(80_000_000, 40).stream())
                .filter(pn -> SandboxData.patent(LICENSE, pn).isPresent())
                .toList();
        List<String> patentIds = numbers.stream()
                .map(pn -> SandboxData.patent(LICENSE, pn)
                        .orElseThrow()
                        .get("patent_id")
                        .asText())
                .toList();
        assertThat(numbers).hasSizeGreaterThan(20);

        workspace.drop("by-number.txt", String.join("\n", numbers));
        workspace.drop("by-id.txt", String.join("\n", patentIds));
        workspace.awaitReport("by-number.txt", Duration.ofSeconds(30));
        workspace.awaitReport("by-id.txt", Duration.ofSeconds(30));

        for (String endpoint : PATHS.keySet()) {
            List<JsonNode> byNumber = ledger(endpoint, "by-number.txt");
            List<JsonNode> byId = ledger(endpoint, "by-id.txt");
            assertThat(byNumber).hasSize(numbers.size());
            assertThat(byId).hasSize(numbers.size());
            for (int i = 0; i < numbers.size(); i++) {
                JsonNode n = line(byNumber, numbers.get(i));
                JsonNode d = line(byId, patentIds.get(i));
                assertThat(n.get("status").asText())
                        .as(endpoint + " " + numbers.get(i))
                        .isIn("found", "empty")
                        .isEqualTo(d.get("status").asText());
                assertThat(d.get("pn").asText()).isEqualTo(numbers.get(i));
                assertThat(n.get("patent_id").asText()).isEqualTo(patentIds.get(i));
                assertThat(d.get("records")).as(endpoint + " " + numbers.get(i)).isEqualTo(n.get("records"));
            }
        }
        assertThat(line(ledger("license", "by-number.txt"), US_EXAMPLE)
                        .get("patent_id")
                        .asText())
                .isEqualTo(US_EXAMPLE_ID);
    }

    /** An HTTP status with the JSON envelope that stops the license endpoint: work waits, then resumes, never failed. */
    private void stopsTheEndpointAndResumes(int httpStatus, String codeInBody) {
        sandbox.settings().injectHttpStatus(LICENSE, httpStatus, -1);
        List<String> ids = numbers(71_000_000 + httpStatus * 1_000, 3);
        String source = "stop-" + httpStatus + ".txt";

        workspace.drop(source, String.join("\n", ids));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ApiAnswers.alerts(workspace).contains("endpoint-stopped"));
        // the other endpoints settle; the license work is parked, not written
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ledger("customs", source).size() == 3
                        && ledger("litigation", source).size() == 3);
        await().during(Duration.ofMillis(1000))
                .atMost(Duration.ofSeconds(10))
                .until(() -> ledger("license", source).isEmpty());
        assertThat(Files.exists(workspace.report(source))).isFalse();
        JsonNode alert = alert("endpoint-stopped");
        assertThat(alert.get("code").asText()).isEqualTo("HTTP " + httpStatus);
        assertThat(alert.get("message").asText()).contains(codeInBody);
        assertThat(sandbox.stats().calls())
                .filteredOn(c -> c.path().equals(LICENSE) && c.httpStatus() == httpStatus)
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.errorCode()).isEqualTo(Long.parseLong(codeInBody)));

        sandbox.settings().clearInjections();

        workspace.awaitReport(source, Duration.ofSeconds(30));
        assertThat(ledger("license", source)).hasSize(3).allSatisfy(l -> answeredAsTheSandboxSays(LICENSE, l));
        assertThat(ApiAnswers.alerts(workspace)).last().isEqualTo("endpoint-resumed");
    }

    private JsonNode alert(String kind) {
        try (Stream<Path> files = Files.list(workspace.outbox().resolve("alerts"))) {
            return files.filter(f -> f.toString().endsWith("-" + kind + ".json"))
                    .sorted()
                    .findFirst()
                    .map(Workspace::readJson)
                    .orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> ledger(String endpoint, String source) {
        return ledger(workspace, endpoint, source);
    }

    /** The ledger lines of one source at one endpoint. */
    static List<JsonNode> ledger(Workspace workspace, String endpoint, String source) {
        return workspace.ledger(endpoint).stream()
                .filter(l -> l.get("source").asText().equals(source))
                .toList();
    }

    static JsonNode line(List<JsonNode> ledger, String query) {
        return ledger.stream()
                .filter(l -> l.get("query").asText().equals(query))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ledger line for " + query));
    }

    static void answeredAsTheSandboxSays(String path, JsonNode line) {
        Expected expected = Expected.forQuery(path, line.get("query").asText());
        assertThat(line.get("status").asText()).as(line.toString()).isEqualTo(expected.status());
        if (expected.records() != null) {
            assertThat(line.get("records")).as(line.get("query").asText()).isEqualTo(expected.records());
            assertThat(line.get("patent_id").asText()).isEqualTo(expected.patentId());
            assertThat(line.get("pn").asText()).isEqualTo(expected.pn());
        }
    }

    static List<String> numbers(int from, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> "US" + (from + i * 13) + "B2")
                .collect(Collectors.toList());
    }
}
