package dev.patsnapcamel.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A test's view of the result database ({@code outputs=...,jdbc}): row counts, and the check that its rows
 * say exactly what the sandbox answers for a set of IDs, field by field.
 */
public final class ResultRows {

    public static final Map<String, String> PATHS = Map.of(
            "customs", "/advanced-patent-data/customs-data",
            "license", "/advanced-patent-data/license-data",
            "litigation", "/high-value-data/litigation");
    public static final List<String> TABLES = List.of(
            "fetch_status",
            "customs_record",
            "license_record",
            "license_party",
            "litigation_record",
            "litigation_party",
            "transfer_record",
            "transfer_party",
            "pledge_record",
            "pledge_party",
            "reexam_record",
            "reexam_party",
            "other_record");

    private static final Map<String, List<String>> TEXT_FIELDS = Map.of(
            "customs", List.of("record_number", "record_status", "country", "contact", "product", "approval_opinion"),
            "license", List.of("contract_number", "contract_type", "country"),
            "litigation", List.of("case_number", "title", "court", "case_region", "country"));
    private static final Map<String, List<String>> DATE_FIELDS = Map.of(
            "customs", List.of("start_date", "end_date"),
            "license", List.of("effective_date"),
            "litigation", List.of("filing_date", "verdict_date"));
    private static final Map<String, Map<String, String>> PARTY_FIELDS = Map.of(
            "customs", Map.of(),
            "license", Map.of("licensor", "licensors", "licensee", "licensees"),
            "litigation",
                    Map.of(
                            "plaintiff",
                            "plaintiff",
                            "defendant",
                            "defendant",
                            "judge",
                            "judge",
                            "chief_judge",
                            "chief_judge"));

    private final DataSource dataSource;

    public ResultRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs statements (DDL, updates) one after the other. */
    public void execute(String... statements) {
        try (Connection c = dataSource.getConnection();
                var statement = c.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes every row (the schema stays). */
    public void clear() {
        try (Connection c = dataSource.getConnection();
                var statement = c.createStatement()) {
            for (String table : List.of(
                    "license_party",
                    "litigation_party",
                    "transfer_party",
                    "pledge_party",
                    "reexam_party",
                    "fetch_status",
                    "customs_record",
                    "license_record",
                    "litigation_record",
                    "transfer_record",
                    "pledge_record",
                    "reexam_record",
                    "other_record",
                    "result_source")) {
                statement.executeUpdate("DELETE FROM " + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows per table. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(
                    table,
                    query("SELECT COUNT(*) AS n FROM " + table).get(0).get("n") instanceof Number n
                            ? n.longValue()
                            : -1L);
        }
        return counts;
    }

    /**
     * Asserts that for every endpoint the database holds exactly the sandbox's answers for {@code queries}
     * (normalised IDs) plus a {@code rejected} row for each value in {@code rejected}: the fetch status of
     * each, and every record of every found patent with each field in its column (dates as DATE) and its
     * parties in order.
     */
    public void assertHoldsSandboxAnswers(Collection<String> queries, Collection<String> rejected) {
        for (Map.Entry<String, String> endpoint : PATHS.entrySet()) {
            String name = endpoint.getKey();
            Map<String, Map<String, Object>> statuses = new LinkedHashMap<>();
            for (Map<String, Object> row : query("SELECT * FROM fetch_status WHERE endpoint = ?", name)) {
                statuses.put((String) row.get("query"), row);
            }
            Set<String> all = new HashSet<>(queries);
            all.addAll(rejected);
            assertThat(statuses.keySet()).as(name).isEqualTo(all);
            for (String value : rejected) {
                assertThat(statuses.get(value))
                        .as(value)
                        .containsEntry("status", "rejected")
                        .containsEntry("error_code", "INVALID_ID");
            }
            Map<String, JsonNode> answers = new LinkedHashMap<>();
            for (String query : queries) {
                Expected expected = Expected.forQuery(endpoint.getValue(), query);
                Map<String, Object> row = statuses.get(query);
                assertThat(row.get("status")).as("%s %s", name, query).isEqualTo(expected.status());
                assertThat(row.get("pn")).as(query).isEqualTo(expected.pn());
                assertThat(row.get("patent_id")).as(query).isEqualTo(expected.patentId());
                assertThat(((Number) row.get("record_count")).intValue())
                        .as(query)
                        .isEqualTo(
                                expected.records() == null
                                        ? 0
                                        : expected.records().size());
                if (expected.records() != null) {
                    answers.put(expected.patentId(), expected.records());
                }
            }
            assertRecords(name, answers);
        }
    }

    private void assertRecords(String endpoint, Map<String, JsonNode> answers) {
        String table = endpoint + "_record";
        long expectedRows = answers.values().stream().mapToLong(JsonNode::size).sum();
        assertThat(query("SELECT COUNT(*) AS n FROM " + table).get(0).get("n"))
                .as(table)
                .satisfies(n -> assertThat(((Number) n).longValue()).isEqualTo(expectedRows));
        for (Map.Entry<String, JsonNode> answer : answers.entrySet()) {
            List<Map<String, Object>> rows =
                    query("SELECT * FROM " + table + " WHERE patent_key = ? ORDER BY seq", answer.getKey());
            JsonNode records = answer.getValue();
            assertThat(rows).as("%s of %s", table, answer.getKey()).hasSize(records.size());
            for (int i = 0; i < records.size(); i++) {
                JsonNode record = records.get(i);
                Map<String, Object> row = rows.get(i);
                for (String field : TEXT_FIELDS.get(endpoint)) {
                    assertThat(row.get(field)).as("%s.%s", table, field).isEqualTo(text(record.get(field)));
                }
                for (String field : DATE_FIELDS.get(endpoint)) {
                    assertThat(row.get(field)).as("%s.%s", table, field).isEqualTo(date(record.get(field)));
                }
                if (endpoint.equals("license")) {
                    List<String> types = new ArrayList<>();
                    record.get("license_type").forEach(t -> types.add(t.asText()));
                    assertThat(row.get("license_type")).isEqualTo(String.join("; ", types));
                }
                if (endpoint.equals("litigation")) {
                    assertThat(row.get("chief_judge"))
                            .isEqualTo(record.at("/chief_judge/name").asText());
                }
                assertThat(row.get("record_json")).isNotNull();
                assertParties(endpoint, answer.getKey(), (String) row.get("record_key"), record);
            }
        }
    }

    private void assertParties(String endpoint, String patentKey, String recordKey, JsonNode record) {
        Map<String, String> fields = PARTY_FIELDS.get(endpoint);
        if (fields.isEmpty()) {
            return;
        }
        List<Map<String, Object>> rows = query(
                "SELECT * FROM " + endpoint + "_party WHERE patent_key = ? AND record_key = ? ORDER BY role, seq",
                patentKey,
                recordKey);
        List<String> expected = new ArrayList<>();
        fields.forEach((role, field) -> {
            JsonNode people = record.get(field);
            List<JsonNode> list = new ArrayList<>();
            if (people.isArray()) {
                people.forEach(list::add);
            } else {
                list.add(people);
            }
            for (JsonNode person : list) {
                expected.add(role + "|" + person.get("name").asText() + "|"
                        + person.get("lang").asText() + "|"
                        + person.get("sequence").asInt());
            }
        });
        List<String> actual = rows.stream()
                .map(r -> r.get("role") + "|" + r.get("name") + "|" + r.get("lang") + "|" + r.get("sequence"))
                .toList();
        assertThat(actual).as("parties of %s %s", patentKey, recordKey).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Rows as maps of lower-case column names; DATE columns come back as {@link LocalDate}. */
    public List<Map<String, Object>> query(String sql, Object... params) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        String column = meta.getColumnLabel(i).toLowerCase(Locale.ROOT);
                        row.put(
                                column,
                                meta.getColumnType(i) == Types.DATE
                                        ? rs.getObject(i, LocalDate.class)
                                        : rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }

    private static LocalDate date(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        int yyyymmdd = value.asInt();
        return LocalDate.of(yyyymmdd / 10_000, yyyymmdd / 100 % 100, yyyymmdd % 100);
    }
}
