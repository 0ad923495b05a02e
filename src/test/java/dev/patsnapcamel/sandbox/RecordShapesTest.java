package dev.patsnapcamel.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every endpoint's records over HTTP, field by field: names in the documented order and JSON types as the
 * seed pages and PatSnap's published schema (spec "Record fields of the neighbour endpoints") give them.
 */
class RecordShapesTest {

    /** How a field's value must look. */
    enum Kind {
        TEXT,
        DATE,
        TEXTS,
        PERSONS,
        PERSONS_WITH_DATE,
        NAMES,
        PERSON
    }

    /** One field of a record: its name, its kind, and whether every record has it. */
    record Field(String name, Kind kind, boolean always) {
        static Field of(String name, Kind kind) {
            return new Field(name, kind, true);
        }

        static Field optional(String name, Kind kind) {
            return new Field(name, kind, false);
        }
    }

    /** 100 numbers of several authorities (PatSnap's example patents excluded: their records are the pages'). */
    private static final List<String> NUMBERS = IntStream.range(0, 100)
            .mapToObj(i -> List.of("US", "CN", "JP", "DE", "EP").get(i % 5)
                    + (20_000_000 + i * 104_729)
                    + (i % 2 == 0 ? "B2" : "A"))
            .toList();

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

    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of(
                        Endpoint.LICENSE,
                        List.of(
                                Field.of("country", Kind.TEXT),
                                Field.of("licensees", Kind.PERSONS),
                                Field.of("licensors", Kind.PERSONS),
                                Field.of("license_type", Kind.TEXTS),
                                Field.of("effective_date", Kind.DATE),
                                Field.optional("contract_number", Kind.TEXT),
                                Field.of("contract_type", Kind.TEXT))),
                Arguments.of(
                        Endpoint.CUSTOMS_RECORD,
                        List.of(
                                Field.of("contact", Kind.TEXT),
                                Field.of("country", Kind.TEXT),
                                Field.of("product", Kind.TEXT),
                                Field.of("end_date", Kind.DATE),
                                Field.of("start_date", Kind.DATE),
                                Field.of("record_number", Kind.TEXT),
                                Field.of("record_status", Kind.TEXT),
                                Field.of("approval_opinion", Kind.TEXT))),
                Arguments.of(
                        Endpoint.LITIGATION,
                        List.of(
                                Field.of("court", Kind.TEXT),
                                Field.of("judge", Kind.PERSONS),
                                Field.of("title", Kind.TEXT),
                                Field.of("country", Kind.TEXT),
                                Field.of("defendant", Kind.PERSONS),
                                Field.of("plaintiff", Kind.PERSONS),
                                Field.of("case_number", Kind.TEXT),
                                Field.of("case_region", Kind.TEXT),
                                Field.of("chief_judge", Kind.PERSON),
                                Field.of("filing_date", Kind.DATE),
                                Field.optional("verdict_date", Kind.DATE))),
                Arguments.of(
                        Endpoint.TRANSFER,
                        List.of(
                                Field.of("country", Kind.TEXT),
                                Field.of("transferees", Kind.PERSONS),
                                Field.of("transferers", Kind.PERSONS_WITH_DATE),
                                Field.of("effective_date", Kind.DATE))),
                Arguments.of(
                        Endpoint.PLEDGE,
                        List.of(
                                Field.of("country", Kind.TEXT),
                                Field.of("pledgees", Kind.PERSONS),
                                Field.of("pledgors", Kind.PERSONS_WITH_DATE),
                                Field.of("reel_frame", Kind.TEXT),
                                Field.of("pledge_type", Kind.TEXT),
                                Field.of("effective_date", Kind.DATE))),
                Arguments.of(
                        Endpoint.REEXAM_INVALID,
                        List.of(
                                Field.of("lang", Kind.TEXT),
                                Field.of("country", Kind.TEXT),
                                Field.of("applicant", Kind.NAMES),
                                Field.of("case_type", Kind.TEXT),
                                Field.of("legal_ground", Kind.TEXTS),
                                Field.of("decision_date", Kind.DATE),
                                Field.of("decision_number", Kind.TEXT))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void recordsHaveExactlyTheDocumentedFieldsAndTypes(Endpoint endpoint, List<Field> fields) {
        JsonNode data =
                http.getJson(endpoint.path(), SandboxHttp.numbers(NUMBERS)).get("data");
        List<JsonNode> records = new ArrayList<>();
        for (JsonNode item : data) {
            assertThat(names(item)).containsExactly("pn", "patent_id", endpoint.resultField());
            item.get(endpoint.resultField()).forEach(records::add);
        }
        assertThat(records).hasSizeGreaterThan(30);
        for (JsonNode record : records) {
            List<String> expected = fields.stream()
                    .filter(f -> f.always() || record.has(f.name()))
                    .map(Field::name)
                    .toList();
            assertThat(names(record)).as("%s", record).containsExactlyElementsOf(expected);
            for (Field field : fields) {
                if (record.has(field.name())) {
                    assertKind(field, record.get(field.name()));
                }
            }
        }
        for (Field optional : fields.stream().filter(f -> !f.always()).toList()) {
            assertThat(records)
                    .as("some with %s, some without", optional.name())
                    .anyMatch(r -> r.has(optional.name()))
                    .anyMatch(r -> !r.has(optional.name()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void valuesArePlausible(Endpoint endpoint, List<Field> fields) {
        JsonNode data =
                http.getJson(endpoint.path(), SandboxHttp.numbers(NUMBERS)).get("data");
        for (JsonNode item : data) {
            for (JsonNode record : item.get(endpoint.resultField())) {
                switch (endpoint) {
                    case PLEDGE -> assertThat(record.get("reel_frame").asText()).matches("\\d{6}/\\d{4}");
                    case REEXAM_INVALID -> {
                        assertThat(record.get("case_type").asText()).isIn(Set.of("FS", "WX", "appeal"));
                        assertThat(record.get("legal_ground")).isNotEmpty();
                        assertThat(record.get("lang").asText()).isIn(Set.of("CN", "EN", "JP", "DE"));
                    }
                    case TRANSFER ->
                        record.get("transferers")
                                .forEach(t -> assertThat(
                                                t.get("effective_date_us").asInt())
                                        .isLessThanOrEqualTo(
                                                record.get("effective_date").asInt()));
                    case LITIGATION ->
                        assertThat(record.get("country").asText())
                                .as("the court's")
                                .isIn("CN", "JP", "DE", "US");
                    default ->
                        assertThat(record.get("country").asText())
                                .isEqualTo(item.get("pn").asText().substring(0, 2));
                }
            }
        }
    }

    private static void assertKind(Field field, JsonNode value) {
        String what = field.name() + " = " + value;
        switch (field.kind()) {
            case TEXT -> assertThat(value.isTextual()).as(what).isTrue();
            case DATE -> assertDate(what, value);
            case TEXTS -> {
                assertThat(value.isArray()).as(what).isTrue();
                assertThat(value)
                        .as(what)
                        .isNotEmpty()
                        .allSatisfy(v -> assertThat(v.isTextual()).isTrue());
            }
            case PERSONS -> assertPersons(what, value, List.of("lang", "name", "sequence"));
            case PERSONS_WITH_DATE -> {
                assertPersons(what, value, List.of("lang", "name", "sequence", "effective_date_us"));
                value.forEach(person -> assertDate(what, person.get("effective_date_us")));
            }
            case NAMES -> assertPersons(what, value, List.of("name", "sequence"));
            case PERSON -> {
                assertThat(value.isObject()).as(what).isTrue();
                assertThat(names(value)).as(what).containsExactly("lang", "name", "sequence");
            }
        }
    }

    private static void assertPersons(String what, JsonNode persons, List<String> fields) {
        assertThat(persons.isArray()).as(what).isTrue();
        assertThat(persons).as(what).isNotEmpty();
        for (int i = 0; i < persons.size(); i++) {
            JsonNode person = persons.get(i);
            assertThat(names(person)).as(what).containsExactlyElementsOf(fields);
            assertThat(person.get("name").isTextual()).as(what).isTrue();
            assertThat(person.get("sequence").isInt()).as(what).isTrue();
            assertThat(person.get("sequence").asInt()).as(what).isEqualTo(i + 1);
        }
    }

    private static void assertDate(String what, JsonNode date) {
        assertThat(date.isInt()).as("%s: an integer yyyymmdd", what).isTrue();
        int value = date.asInt();
        assertThat(LocalDate.of(value / 10_000, value / 100 % 100, value % 100))
                .as(what)
                .isBetween(LocalDate.of(2000, 1, 1), LocalDate.of(2040, 1, 1));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
