package dev.patsnapcamel.sandbox;

import static dev.patsnapcamel.sandbox.SandboxHttp.CUSTOMS;
import static dev.patsnapcamel.sandbox.SandboxHttp.LICENSE;
import static dev.patsnapcamel.sandbox.SandboxHttp.LITIGATION;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/** One identity per patent, over HTTP: number and id name each other, and both get the same records. */
class PatentIdentityTest {

    /** Publication numbers of several authorities and shapes. */
    private static final List<String> NUMBERS = List.of(
            "US10123456B2",
            "US9876543B1",
            "USRE49000E",
            "USD987654S1",
            "CN112345678A",
            "CN101234567B",
            "CN1394454A",
            "JP2020123456A",
            "JP6543210B2",
            "EP3123456B1",
            "EP1234567A2",
            "DE102019123456A1",
            "KR1020190123456A",
            "WO2020123456A1",
            "ES2576A1",
            "TW202012345A",
            "GB2567890A",
            "FR3051234A1",
            "CA3012345A1",
            "AU2019123456B2",
            "US20200123456A1",
            "IN201917012345A",
            "RU2701234C1",
            "BR112019012345A2",
            "MX2019012345A",
            "SG11201912345A",
            "HK1234567A1",
            "AT521234B1",
            "CH712345A2",
            "NL2012345B1");

    private static SandboxServer sandbox;
    private static SandboxHttp http;

    @BeforeAll
    static void start() {
        sandbox = new SandboxServer(new SandboxSettings()).start();
        http = new SandboxHttp(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void byNumberAndByIdTheSamePatentGetsTheSameItem(Endpoint endpoint) {
        List<String> ids = NUMBERS.stream().map(PatentIdentityTest::derivedId).toList();
        JsonNode byNumber =
                http.getJson(endpoint.path(), SandboxHttp.numbers(NUMBERS)).get("data");
        JsonNode byId = http.getJson(
                        endpoint.path(), "patent_id=" + String.join(",", ids).toUpperCase())
                .get("data");
        JsonNode both = http.getJson(
                        endpoint.path(), "patent_id=" + String.join(",", ids) + "&" + SandboxHttp.numbers(NUMBERS))
                .get("data");

        assertThat(byNumber.size()).isBetween(NUMBERS.size() / 2, NUMBERS.size() - 1);
        for (JsonNode item : byNumber) {
            String number = item.get("pn").asText();
            assertThat(item.get("patent_id").asText()).as(number).isEqualTo(derivedId(number));
        }
        assertThat(byId).as("asked by id").isEqualTo(byNumber);
        assertThat(both).as("asked by both in one call: one item per patent").isEqualTo(byId);
    }

    @Test
    void aDerivedIdNamesItsNumberAgainInAnyRunWithoutState() {
        List<String> numbers = new ArrayList<>(NUMBERS);
        Random random = new Random(11);
        for (int i = 0; i < 5_000; i++) {
            numbers.add(List.of("US", "CN", "JP", "EP", "KR", "DE").get(random.nextInt(6))
                    + (1 + random.nextInt(999_999_999))
                    + List.of("A", "B1", "B2", "A1", "U", "S").get(random.nextInt(6)));
        }
        numbers.add("AA00A");
        numbers.add("ZZ999999999999999999".substring(0, DerivedIds.MAX_LENGTH));
        for (String number : numbers) {
            String id = DerivedIds.idOf(number).orElseThrow();
            assertThat(UUID.fromString(id).version()).isEqualTo(4);
            assertThat(UUID.fromString(id).variant()).isEqualTo(2);
            assertThat(DerivedIds.numberOf(id)).as(id).contains(number);
        }
        assertThat(numbers.stream().map(n -> DerivedIds.idOf(n).orElseThrow()).distinct())
                .hasSameSizeAs(numbers);
        assertThat(DerivedIds.idOf("US1234567890123456789B2")).as("too long").isEmpty();
        assertThat(DerivedIds.idOf("US-1234")).isEmpty();
    }

    @Test
    void anIdFromElsewhereIsNotTakenForADerivedOne() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            String id = new UUID(random.nextLong(), random.nextLong()).toString();
            String v4 = UUID.nameUUIDFromBytes(id.getBytes()).toString();
            assertThat(DerivedIds.numberOf(id)).as(id).isEmpty();
            assertThat(DerivedIds.numberOf(v4)).as(v4).isEmpty();
        }
        assertThat(DerivedIds.numberOf("718ead9c-4f3c-4674-8f5a-24e126827269")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void anIdFromElsewhereGetsAnInventedNumberAndThatNumberTheSameIdAndRecords(Endpoint endpoint) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(UUID.nameUUIDFromBytes(("elsewhere-" + i).getBytes()).toString());
        }
        JsonNode byId = http.getJson(endpoint.path(), "patent_id=" + String.join(",", ids))
                .get("data");
        assertThat(byId.size()).isBetween(10, 19);
        List<String> numbers = new ArrayList<>();
        for (JsonNode item : byId) {
            assertThat(item.get("patent_id").asText()).isIn(ids);
            assertThat(item.get("pn").asText()).matches("US1\\d{7}B2");
            numbers.add(item.get("pn").asText());
        }
        assertThat(http.getJson(endpoint.path(), SandboxHttp.numbers(numbers)).get("data"))
                .isEqualTo(byId);
    }

    @Test
    void theDerivedIdOfAnExampleNumberIsNotThatPatentsId() {
        String derived = derivedId("US11205304B2");
        JsonNode item = http.getJson(LICENSE, "patent_id=" + derived).get("data");
        assertThat(item).allSatisfy(i -> assertThat(i.get("pn").asText()).isNotEqualTo("US11205304B2"));
    }

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of(
                        LICENSE, "US11205304B2", "718ead9c-4f3c-4674-8f5a-24e126827269", "patent_license_data", """
                        [{"country": "US",
                          "licensees": [{"lang": "EN", "name": "EMC IP HOLDING COMPANY LLC", "sequence": 1}],
                          "licensors": [{"lang": "EN", "name": "EMC IP HOLDING COMPANY LLC", "sequence": 1}],
                          "license_type": ["Exclusive"], "effective_date": 20100915, "contract_number": "2010370000340"}]"""),
                Arguments.of(
                        CUSTOMS,
                        "US11205304B2",
                        "718ead9c-4f3c-4674-8f5a-24e126827269",
                        "patent_customs_record_data",
                        CUSTOMS_EXAMPLE),
                Arguments.of(CUSTOMS, "JP4627367B2", null, "patent_customs_record_data", CUSTOMS_EXAMPLE),
                Arguments.of(
                        LITIGATION,
                        "CN1394453A",
                        "20863318-e1b4-4eb7-b021-4ea3fc11c078",
                        "patent_litigation_data",
                        """
                        [{"court": "北京知识产权法院",
                          "judge": [{"lang": "CN", "name": "中华人民共和国国家知识产权局", "sequence": 1}],
                          "title": "西斯威尔国际有限公司与国家知识产权局一审行政判决书", "country": "CN",
                          "defendant": [{"lang": "CN", "name": "中华人民共和国国家知识产权局", "sequence": 1}],
                          "plaintiff": [{"lang": "CN", "name": "中华人民共和国国家知识产权局", "sequence": 1}],
                          "case_number": "(2017)京73行初8028号", "case_region": "北京市",
                          "chief_judge": {"lang": "CN", "name": "中华人民共和国国家知识产权局", "sequence": 1},
                          "filing_date": 20171020, "verdict_date": 20200805}]"""));
    }

    private static final String CUSTOMS_EXAMPLE = """
            [{"contact": "原田雅章知財事務所", "country": "JP", "product": "電荷制御剤", "end_date": 20201119,
              "start_date": 20150902, "record_number": "P4627367-20150902-20201119", "record_status": "生效",
              "approval_opinion": "已审批、核准"}]""";

    @ParameterizedTest(name = "{1} at {0}")
    @MethodSource("examples")
    void patSnapsExamplePatentsAnswerThePagesExamples(
            String path, String number, String pageId, String field, String records) throws Exception {
        JsonNode item =
                http.getJson(path, "patent_number=" + number).get("data").get(0);
        String id = pageId == null ? derivedId(number) : pageId;
        assertThat(item.get("pn").asText()).isEqualTo(number);
        assertThat(item.get("patent_id").asText()).isEqualTo(id);
        assertThat(item.get(field)).isEqualTo(SandboxHttp.JSON.readTree(records));
        assertThat(http.getJson(path, "patent_id=" + id).get("data"))
                .singleElement()
                .isEqualTo(item);
        sandbox.settings().dataGeneration(3);
        try {
            assertThat(http.getJson(path, "patent_number=" + number).get("data"))
                    .singleElement()
                    .isEqualTo(item);
        } finally {
            sandbox.settings().dataGeneration(0);
        }
    }

    @Test
    void theExamplePatentsAreKnownAtEveryEndpoint() {
        for (Endpoint endpoint : Endpoint.values()) {
            JsonNode data = http.getJson(endpoint.path(), "patent_number=US11205304B2,JP4627367B2,CN1394453A")
                    .get("data");
            assertThat(data)
                    .extracting(item -> item.get("pn").asText())
                    .containsExactly("US11205304B2", "JP4627367B2", "CN1394453A");
        }
    }

    @Test
    void aPatSnapScriptCountsEachPatentOnce() {
        // ask by number, then every endpoint again by the ids it got back: the same patents, the same events
        List<String> candidates = List.of("US11205304B2", "CN1394453A", "JP4627367B2", "EP3123456B1");
        for (String path : List.of(LICENSE, CUSTOMS, LITIGATION)) {
            JsonNode byNumber = http.getJson(path, "patent_number=" + String.join(",", candidates))
                    .get("data");
            List<String> ids = new ArrayList<>();
            byNumber.forEach(item -> ids.add(item.get("patent_id").asText()));
            JsonNode byId =
                    http.getJson(path, "patent_id=" + String.join(",", ids)).get("data");
            assertThat(byId).isEqualTo(byNumber);
            assertThat(byNumber.size()).isLessThanOrEqualTo(candidates.size());
        }
    }

    private static String derivedId(String number) {
        return DerivedIds.idOf(number).orElseThrow();
    }
}
