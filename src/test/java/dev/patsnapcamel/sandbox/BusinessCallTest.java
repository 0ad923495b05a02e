package dev.patsnapcamel.sandbox;

import static dev.patsnapcamel.sandbox.SandboxHttp.CUSTOMS;
import static dev.patsnapcamel.sandbox.SandboxHttp.LICENSE;
import static dev.patsnapcamel.sandbox.SandboxHttp.LITIGATION;
import static dev.patsnapcamel.sandbox.SandboxHttp.numbers;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

class BusinessCallTest {

    private static final List<String> NUMBERS = IntStream.range(0, 40)
            .mapToObj(i -> "US" + (11_000_000 + i * 31) + "B2")
            .toList();

    private SandboxServer sandbox;
    private SandboxHttp http;

    @BeforeEach
    void start() {
        sandbox = new SandboxServer(new SandboxSettings()).start();
        http = new SandboxHttp(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void bindsTheLoopbackAddress() {
        assertThat(sandbox.port()).isPositive();
        assertThat(sandbox.baseUrl()).isEqualTo("http://127.0.0.1:" + sandbox.port());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                LICENSE,
                CUSTOMS,
                LITIGATION,
                "/advanced-patent-data/transfer-data",
                "/advanced-patent-data/pledge-data",
                "/advanced-patent-data/re-examination-and-invalidation"
            })
    void answersTheEnvelopeWithTheDataOfEveryKnownPatent(String path) {
        HttpResponse<String> response = http.get(path, numbers(NUMBERS), SandboxHttp.API_KEY_AUTH);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = SandboxHttp.json(response);
        assertThat(fieldNames(body)).containsExactly("data", "status", "error_code");
        assertThat(body.get("status").asBoolean()).isTrue();
        assertThat(body.get("error_code").asLong()).isZero();
        ArrayNode expected = SandboxHttp.JSON.createArrayNode();
        NUMBERS.forEach(number -> SandboxData.patent(path, number).ifPresent(expected::add));
        assertThat(body.get("data")).isEqualTo(expected);
        assertThat(body.get("data").size()).isBetween(1, NUMBERS.size() - 1);
    }

    @Test
    void unknownPatentsAreMissingAndPatentsWithoutRecordsHaveAnEmptyArray() {
        String unknown = NUMBERS.stream()
                .filter(n -> SandboxData.patent(LICENSE, n).isEmpty())
                .findFirst()
                .orElseThrow();
        String empty = NUMBERS.stream()
                .filter(n -> SandboxData.patent(LICENSE, n)
                        .map(item -> item.get("patent_license_data").isEmpty())
                        .orElse(false))
                .findFirst()
                .orElseThrow();

        JsonNode data = http.getJson(LICENSE, numbers(List.of(unknown, empty))).get("data");

        assertThat(data).hasSize(1);
        assertThat(data.get(0).get("pn").asText()).isEqualTo(empty);
        assertThat(data.get(0).get("patent_license_data").isArray()).isTrue();
        assertThat(data.get(0).get("patent_license_data")).isEmpty();
    }

    @Test
    void aPatentIdQueryIsEchoedInLowerCase() {
        String id = "718EAD9C-4F3C-4674-8F5A-24E126827269";
        Optional<String> expected = SandboxData.patent(LITIGATION, id)
                .map(item -> item.get("patent_id").asText());

        JsonNode data = http.getJson(LITIGATION, "patent_id=" + id).get("data");

        assertThat(expected).contains(id.toLowerCase());
        assertThat(data.get(0).get("patent_id").asText()).isEqualTo(id.toLowerCase());
    }

    @Test
    void acceptsIdsAndNumbersTogetherWithEncodedCommasAndAsksForEachPatentOnce() {
        String id = "718ead9c-4f3c-4674-8f5a-24e126827269";
        String query = "patent_id=" + id + "&patent_number=" + NUMBERS.get(1) + "%2C" + NUMBERS.get(2) + "%2C%20"
                + NUMBERS.get(1);

        JsonNode data = http.getJson(CUSTOMS, query).get("data");

        List<String> expected = Stream.of(id, NUMBERS.get(1), NUMBERS.get(2))
                .filter(q -> SandboxData.patent(CUSTOMS, q).isPresent())
                .toList();
        assertThat(data).hasSize(expected.size());
        assertThat(sandbox.stats().calls())
                .singleElement()
                .satisfies(call ->
                        assertThat(call.ids()).containsExactly(id, NUMBERS.get(1), NUMBERS.get(2), NUMBERS.get(1)));
    }

    @Test
    void theSameCallAlwaysAnswersTheSameBytes() {
        String first =
                http.get(LITIGATION, numbers(NUMBERS), SandboxHttp.API_KEY_AUTH).body();
        String second =
                http.get(LITIGATION, numbers(NUMBERS), SandboxHttp.API_KEY_AUTH).body();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void hundredIdsAreFineButMoreOrNoneAreAnInvalidParameter() {
        List<String> hundred = IntStream.range(0, 100)
                .mapToObj(i -> "CN" + (100_000 + i) + "A")
                .toList();
        List<String> hundredAndOne = IntStream.range(0, 101)
                .mapToObj(i -> "CN" + (100_000 + i) + "A")
                .toList();

        assertThat(http.getJson(LICENSE, numbers(hundred)).get("error_code").asLong())
                .isZero();
        assertError(http.getJson(LICENSE, numbers(hundredAndOne)), 68300004L, "Invalid parameter!");
        assertError(
                http.getJson(LICENSE, numbers(hundred) + "&patent_id=718ead9c-4f3c-4674-8f5a-24e126827269"),
                68300004L,
                "Invalid parameter!");
        assertError(http.getJson(LICENSE, null), 68300004L, "Invalid parameter!");
        assertError(http.getJson(LICENSE, "patent_number=%20,%20"), 68300004L, "Invalid parameter!");
        assertThat(sandbox.stats().maxIdsPerCall()).isEqualTo(101);
    }

    @Test
    void aPatentIdThatIsNotAUuidIsAnInvalidParameter() {
        assertError(http.getJson(LICENSE, "patent_id=US11205304B2"), 68300004L, "Invalid parameter!");
    }

    @Test
    void anUnknownPathAnswersPathNotFound() {
        assertError(
                http.getJson("/advanced-patent-data/no-such-data", numbers(NUMBERS)),
                67200101L,
                "The API requested currently does not exist. Please check the request path!");
    }

    @Test
    void recordsTheUserAgentOfEachCallSoThatSeveralNodesCanBeToldApart() {
        http.get(LICENSE, numbers(NUMBERS), SandboxHttp.API_KEY_AUTH, "User-Agent", "patsnap-camel/1.2.3 (node-2)");
        http.get(LICENSE, numbers(NUMBERS), SandboxHttp.API_KEY_AUTH, "User-Agent", "patsnap-camel/1.2.3 (node-2)");
        http.get(CUSTOMS, numbers(NUMBERS), SandboxHttp.API_KEY_AUTH, "User-Agent", "curl/8.0");

        assertThat(sandbox.stats().calls())
                .extracting(CallRecord::userAgent, CallRecord::nodeId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("patsnap-camel/1.2.3 (node-2)", "node-2"),
                        org.assertj.core.groups.Tuple.tuple("patsnap-camel/1.2.3 (node-2)", "node-2"),
                        org.assertj.core.groups.Tuple.tuple("curl/8.0", ""));
        JsonNode agents =
                SandboxHttp.json(http.get("/_sandbox/stats", null, null)).get("userAgents");
        assertThat(agents.get("patsnap-camel/1.2.3 (node-2)").asLong()).isEqualTo(2);
        assertThat(agents.get("curl/8.0").asLong()).isEqualTo(1);
        assertThat(agents.size()).isEqualTo(2);
    }

    @Test
    void countsCallsAndServesAndResetsTheStats() {
        http.getJson(LICENSE, numbers(NUMBERS.subList(0, 3)));
        http.getJson(LICENSE, numbers(NUMBERS.subList(0, 7)));
        http.getJson(LITIGATION, numbers(NUMBERS.subList(0, 1)));

        SandboxStats stats = sandbox.stats();
        assertThat(stats.calls(LICENSE)).isEqualTo(2);
        assertThat(stats.calls(LITIGATION)).isEqualTo(1);
        assertThat(stats.calls(CUSTOMS)).isZero();
        assertThat(stats.totalCalls()).isEqualTo(3);
        assertThat(stats.maxIdsPerCall()).isEqualTo(7);
        assertThat(stats.calls()).extracting(CallRecord::path).containsExactly(LICENSE, LICENSE, LITIGATION);
        assertThat(stats.calls()).allSatisfy(call -> {
            assertThat(call.errorCode()).isZero();
            assertThat(call.httpStatus()).isEqualTo(200);
            assertThat(call.startedAtMillis()).isPositive();
        });

        JsonNode served = SandboxHttp.json(http.get("/_sandbox/stats", null, null));
        assertThat(served.get("calls").get(LICENSE).asLong()).isEqualTo(2);
        assertThat(served.get("totalCalls").asLong()).isEqualTo(3);
        assertThat(served.get("maxIdsPerCall").asInt()).isEqualTo(7);
        assertThat(served.get("rateLimited").asLong()).isZero();
        assertThat(served.get("tokenRequests").asLong()).isZero();
        assertThat(served.get("peakInFlight").asInt()).isPositive();

        assertThat(http.post("/_sandbox/reset", "", null).statusCode()).isEqualTo(200);
        assertThat(stats.totalCalls()).isZero();
        assertThat(stats.calls(LICENSE)).isZero();
        assertThat(stats.calls()).isEmpty();
        assertThat(stats.maxIdsPerCall()).isZero();
    }

    static void assertError(JsonNode body, long code, String message) {
        assertThat(fieldNames(body)).containsExactly("status", "error_code", "error_msg");
        assertThat(body.get("status").asBoolean()).isFalse();
        assertThat(body.get("error_code").asLong()).isEqualTo(code);
        assertThat(body.get("error_msg").asText()).isEqualTo(message);
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
