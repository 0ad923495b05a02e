package dev.patsnapcamel.output;

import static dev.patsnapcamel.output.ResultColumn.cut;
import static dev.patsnapcamel.output.ResultColumn.date;
import static dev.patsnapcamel.output.ResultColumn.list;
import static dev.patsnapcamel.output.ResultColumn.personName;
import static dev.patsnapcamel.output.ResultColumn.text;
import static dev.patsnapcamel.output.ResultColumn.textOf;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The record table of an endpoint in the result database (see {@code db/results/V1__result_tables.sql} and
 * {@code V2__contract_type_and_neighbour_tables.sql}; the neighbours by their catalogue names transfer,
 * pledge and reexam):
 * which record field goes to which typed column, which field is the record's natural key, and which
 * fields hold parties (a child table with a {@code role} column). Endpoints without a table of their own
 * go to {@link #OTHER}, keyed by endpoint, with the record as JSON.
 */
enum ResultTable {
    CUSTOMS(
            "customs",
            "customs_record",
            null,
            "record_number",
            List.of(
                    text("record_number", 300),
                    text("record_status", 100),
                    text("country", 16),
                    text("contact", 1000),
                    text("product", 2000),
                    date("start_date"),
                    date("end_date"),
                    text("approval_opinion", 1000)),
            List.of()),
    LICENSE(
            "license",
            "license_record",
            "license_party",
            "contract_number",
            List.of(
                    text("contract_number", 300),
                    text("country", 16),
                    list("license_type", 1000),
                    date("effective_date"),
                    text("contract_type", 300)),
            List.of(new Party("licensor", "licensors"), new Party("licensee", "licensees"))),
    LITIGATION(
            "litigation",
            "litigation_record",
            "litigation_party",
            "case_number",
            List.of(
                    text("case_number", 300),
                    text("title", 4000),
                    text("court", 1000),
                    text("case_region", 300),
                    text("country", 16),
                    personName("chief_judge", 1000),
                    date("filing_date"),
                    date("verdict_date")),
            List.of(
                    new Party("plaintiff", "plaintiff"),
                    new Party("defendant", "defendant"),
                    new Party("judge", "judge"),
                    new Party("chief_judge", "chief_judge"))),
    TRANSFER(
            "transfer",
            "transfer_record",
            "transfer_party",
            null,
            List.of(text("country", 16), date("effective_date")),
            List.of(new Party("transferer", "transferers"), new Party("transferee", "transferees"))),
    PLEDGE(
            "pledge",
            "pledge_record",
            "pledge_party",
            "reel_frame",
            List.of(text("reel_frame", 300), text("country", 16), text("pledge_type", 1000), date("effective_date")),
            List.of(new Party("pledgor", "pledgors"), new Party("pledgee", "pledgees"))),
    REEXAM(
            "reexam",
            "reexam_record",
            "reexam_party",
            "decision_number",
            List.of(
                    text("decision_number", 300),
                    text("lang", 16),
                    text("country", 16),
                    text("case_type", 100),
                    list("legal_ground", 2000),
                    date("decision_date")),
            List.of(new Party("applicant", "applicant"))),
    OTHER(null, "other_record", null, null, List.of(), List.of());

    /** Longest text kept in {@code record_json}; a longer record (never seen) is cut, see docs/outputs.md. */
    static final int JSON_LENGTH = 100_000;

    static final int KEY_LENGTH = 300;
    static final int NAME_LENGTH = 1000;

    /** Deliberately not the shared {@code jsonMapper}: keys sorted, the canonical form a record is compared by. */
    private static final ObjectMapper CANONICAL =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private static final Map<String, ResultTable> BY_ENDPOINT = new HashMap<>();

    static {
        for (ResultTable t : values()) {
            if (t.endpoint != null) {
                BY_ENDPOINT.put(t.endpoint, t);
            }
        }
    }

    private final String endpoint;
    private final String table;
    private final String partyTable;
    private final String keyField;
    private final List<ResultColumn> columns;
    private final List<Party> parties;

    ResultTable(
            String endpoint,
            String table,
            String partyTable,
            String keyField,
            List<ResultColumn> columns,
            List<Party> parties) {
        this.endpoint = endpoint;
        this.table = table;
        this.partyTable = partyTable;
        this.keyField = keyField;
        this.columns = columns;
        this.parties = parties;
    }

    /** The table of an endpoint (by its name in the catalogue: customs, license, litigation, transfer, pledge, reexam; else OTHER). */
    static ResultTable forEndpoint(String endpoint) {
        return BY_ENDPOINT.getOrDefault(endpoint, OTHER);
    }

    String table() {
        return table;
    }

    /** The party table, or null when the endpoint's records name no parties. */
    String partyTable() {
        return partyTable;
    }

    /** Key columns of the record table: a record within a patent (and an endpoint, for OTHER). */
    List<String> keyColumns() {
        return this == OTHER ? List.of("endpoint", "patent_key", "record_key") : List.of("patent_key", "record_key");
    }

    /** Every column of the record table, key columns first, in the order {@link #values} gives them. */
    List<String> columnNames() {
        List<String> names = new ArrayList<>(keyColumns());
        names.addAll(List.of("pn", "patent_id", "seq"));
        columns.forEach(c -> names.add(c.name()));
        names.addAll(List.of("record_json", "fetched_at"));
        return names;
    }

    /** The values of one record's row, in {@link #columnNames} order (fetched_at left to the caller: null). */
    List<Object> values(String endpointName, String patentKey, Keyed record, String pn, String patentId) {
        List<Object> values = new ArrayList<>();
        if (this == OTHER) {
            values.add(endpointName);
        }
        values.add(patentKey);
        values.add(record.key());
        values.add(cut(pn, 64));
        values.add(cut(patentId, 64));
        values.add(record.seq());
        for (ResultColumn c : columns) {
            values.add(c.value(record.node().get(c.name())));
        }
        values.add(cut(record.node().toString(), JSON_LENGTH));
        values.add(null);
        return values;
    }

    /** The parties of one record: role, position in its list (from 1), name, lang, sequence. */
    List<Object[]> parties(JsonNode record) {
        List<Object[]> rows = new ArrayList<>();
        for (Party party : parties) {
            JsonNode value = record.get(party.field());
            List<JsonNode> people = new ArrayList<>();
            if (value != null && value.isArray()) {
                value.forEach(people::add);
            } else if (value != null && value.isObject()) {
                people.add(value);
            }
            for (int i = 0; i < people.size(); i++) {
                JsonNode person = people.get(i);
                JsonNode sequence = person.get("sequence");
                rows.add(new Object[] {
                    party.role(),
                    i + 1,
                    cut(textOf(person.get("name")), NAME_LENGTH),
                    cut(textOf(person.get("lang")), 16),
                    sequence != null && sequence.canConvertToInt() && sequence.isNumber() ? sequence.intValue() : null
                });
            }
        }
        return rows;
    }

    /**
     * The records of one answer with their keys: the natural key field when present (a record number,
     * contract number, case number), else {@code sha256:<hash of the record's JSON, keys sorted>}; a key
     * that comes again within the same answer gets {@code #2}, {@code #3}... so that no record is lost.
     */
    List<Keyed> keyed(JsonNode records) {
        List<Keyed> keyed = new ArrayList<>();
        if (records == null || !records.isArray()) {
            return keyed;
        }
        Map<String, Integer> seen = new HashMap<>();
        int seq = 0;
        for (JsonNode record : records) {
            seq++;
            String key = naturalKey(record);
            int n = seen.merge(key, 1, Integer::sum);
            keyed.add(new Keyed(n == 1 ? key : key + "#" + n, seq, record));
        }
        return keyed;
    }

    private String naturalKey(JsonNode record) {
        String natural = keyField == null ? null : textOf(record.get(keyField));
        if (natural == null || natural.isBlank()) {
            return "sha256:" + sha256(canonical(record));
        }
        natural = natural.trim();
        return natural.length() > KEY_LENGTH - 10 ? "sha256:" + sha256(natural) : natural;
    }

    private static String canonical(JsonNode record) {
        try {
            return CANONICAL.writeValueAsString(CANONICAL.treeToValue(record, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("record is not JSON: " + e.getMessage(), e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** A record of an answer with its key within the patent and its position in the answer (from 1). */
    record Keyed(String key, int seq, JsonNode node) {}

    /** A field of the records holding a person or a list of persons, stored with this role. */
    record Party(String role, String field) {}
}
