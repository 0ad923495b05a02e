package dev.patsnapcamel.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patsnapcamel.flow.LedgerEntry;
import dev.patsnapcamel.flow.Status;
import dev.patsnapcamel.support.ResultRows;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * How ledger lines become rows, on an in-memory H2 database with the real schema: upserts by natural key,
 * the records of a patent mirroring its latest answer, old lines never undoing newer ones, and the fallbacks
 * (hash keys, repeated keys, endpoints without a table). Both the H2 upsert and the portable
 * update-then-insert used for other databases.
 */
class ResultWriterTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PATENT = "718ead9c-4f3c-4674-8f5a-24e126827269";

    JdbcDataSource dataSource;
    ResultRows rows;

    @BeforeEach
    void emptySchema() {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        new ResultDatabase(dataSource, endpoint -> Path.of("target"), Clock.systemUTC()).migrate();
        rows = new ResultRows(dataSource);
    }

    @ParameterizedTest
    @EnumSource(value = Upserts.Dialect.class, names = { "H2", "OTHER" })
    void aPatentsRecordsMirrorItsLatestAnswer(Upserts.Dialect dialect) throws Exception {
        ResultWriter writer = new ResultWriter(new Upserts(dialect));
        JsonNode three = JSON.readTree("""
                [{"case_number": "(2017)京73行初8028号", "title": "甲与乙", "court": "北京知识产权法院", "country": "CN",
                  "plaintiff": [{"lang": "CN", "name": "甲", "sequence": 1}],
                  "defendant": [{"lang": "CN", "name": "乙", "sequence": 1}, {"lang": "CN", "name": "丙", "sequence": 2}],
                  "judge": [{"lang": "CN", "name": "张伟", "sequence": 1}],
                  "chief_judge": {"lang": "CN", "name": "张伟", "sequence": 1},
                  "filing_date": 20171020, "verdict_date": 20200805},
                 {"case_number": "1:19-cv-00001", "title": "A v. B", "filing_date": 20190101,
                  "plaintiff": [{"lang": "EN", "name": "A", "sequence": 1}]},
                 {"case_number": "1:19-cv-00001", "title": "A v. B\\nFinal Judgment", "filing_date": 20190101}]""");
        apply(writer, line("litigation", "US11205304B2", Status.FOUND, three, "2026-11-21T10:00:00Z"));

        assertThat(rows.query("SELECT record_key, seq, case_number, filing_date, verdict_date, chief_judge "
                + "FROM litigation_record ORDER BY seq")).containsExactly(
                Map.of("record_key", "(2017)京73行初8028号", "seq", 1, "case_number", "(2017)京73行初8028号",
                        "filing_date", LocalDate.of(2017, 10, 20), "verdict_date", LocalDate.of(2020, 8, 5),
                        "chief_judge", "张伟"),
                row("record_key", "1:19-cv-00001", "seq", 2, "case_number", "1:19-cv-00001",
                        "filing_date", LocalDate.of(2019, 1, 1), "verdict_date", null, "chief_judge", null),
                row("record_key", "1:19-cv-00001#2", "seq", 3, "case_number", "1:19-cv-00001",
                        "filing_date", LocalDate.of(2019, 1, 1), "verdict_date", null, "chief_judge", null));
        assertThat(rows.query("SELECT role, seq, name FROM litigation_party WHERE record_key = ? ORDER BY role, seq",
                "(2017)京73行初8028号")).extracting(r -> r.get("role") + ":" + r.get("seq") + ":" + r.get("name"))
                .containsExactly("chief_judge:1:张伟", "defendant:1:乙", "defendant:2:丙", "judge:1:张伟", "plaintiff:1:甲");

        // the next answer drops a case and changes another: the table follows, parties too
        JsonNode one = JSON.readTree("""
                [{"case_number": "(2017)京73行初8028号", "title": "甲与乙（再审）", "filing_date": 20171020,
                  "plaintiff": [{"lang": "CN", "name": "甲", "sequence": 1}]}]""");
        apply(writer, line("litigation", "US11205304B2", Status.FOUND, one, "2026-11-22T10:00:00Z"));
        assertThat(rows.query("SELECT record_key, title FROM litigation_record"))
                .containsExactly(Map.of("record_key", "(2017)京73行初8028号", "title", "甲与乙（再审）"));
        assertThat(rows.counts()).containsEntry("litigation_party", 1L).containsEntry("fetch_status", 1L);

        // an older line (a late redelivery) changes nothing; a failed one keeps the records; empty clears them
        apply(writer, line("litigation", "US11205304B2", Status.FOUND, three, "2026-11-21T10:00:00Z"));
        assertThat(rows.counts()).containsEntry("litigation_record", 1L);
        apply(writer, new LedgerEntry("s2", "b.txt", "litigation", "US11205304B2", Status.FAILED, null, null,
                JSON.createArrayNode(), "67200100", "busy", "2026-11-23T10:00:00Z"));
        assertThat(rows.counts()).containsEntry("litigation_record", 1L);
        assertThat(rows.query("SELECT status, error_code, record_count FROM fetch_status"))
                .containsExactly(Map.of("status", "failed", "error_code", "67200100", "record_count", 0));
        apply(writer, line("litigation", "US11205304B2", Status.EMPTY, JSON.createArrayNode(), "2026-11-24T10:00:00Z"));
        assertThat(rows.counts()).containsEntry("litigation_record", 0L).containsEntry("litigation_party", 0L);
    }

    @ParameterizedTest
    @EnumSource(value = Upserts.Dialect.class, names = { "H2", "OTHER" })
    void recordsWithoutANaturalKeyAreKeyedByTheirContentAndOtherEndpointsKeptAsJson(Upserts.Dialect dialect)
            throws Exception {
        ResultWriter writer = new ResultWriter(new Upserts(dialect));
        JsonNode licenses = JSON.readTree("""
                [{"country": "US", "licensees": [{"lang": "EN", "name": "ACME", "sequence": 1}],
                  "licensors": [{"lang": "EN", "name": "O'BRIEN & SONS, LTD.", "sequence": 1}],
                  "license_type": ["Exclusive", "Sub-license"], "effective_date": 20100915}]""");
        JsonNode transfers = JSON.readTree("[{\"assignor\": \"A\", \"assignee\": \"B\"}]");
        for (String at : List.of("2026-11-21T10:00:00Z", "2026-11-22T10:00:00Z")) {
            apply(writer, line("license", "US11205304B2", Status.FOUND, licenses, at),
                    line("transfer", "US11205304B2", Status.FOUND, transfers, at));
        }
        List<Map<String, Object>> license = rows.query("SELECT record_key, license_type, contract_number, effective_date "
                + "FROM license_record");
        assertThat(license).singleElement().satisfies(r -> {
            assertThat((String) r.get("record_key")).matches("sha256:[0-9a-f]{64}");
            assertThat(r).containsEntry("license_type", "Exclusive; Sub-license").containsEntry("contract_number", null)
                    .containsEntry("effective_date", LocalDate.of(2010, 9, 15));
        });
        assertThat(rows.counts()).containsEntry("license_party", 2L).containsEntry("other_record", 1L)
                .containsEntry("fetch_status", 2L);
        assertThat(rows.query("SELECT endpoint, record_json FROM other_record")).singleElement()
                .satisfies(r -> assertThat(JSON.readTree((String) r.get("record_json"))).isEqualTo(transfers.get(0)));
    }

    @Test
    void anUnreachableDatabaseFailsWithTheKeysToCheckAndNoPassword() {
        assertThatThrownBy(() -> ResultDatabase.open("jdbc:postgresql://127.0.0.1:1/patsnap?password=secret", "u",
                "hunter2", 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot reach the result database at jdbc:postgresql://127.0.0.1:1/patsnap")
                .hasMessageContaining("sink.jdbc.url")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret").doesNotContain("hunter2"));
    }

    private void apply(ResultWriter writer, LedgerEntry... lines) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            writer.apply(c, List.of(lines));
            c.commit();
        }
    }

    private static LedgerEntry line(String endpoint, String pn, Status status, JsonNode records, String at) {
        return new LedgerEntry("s1", "a.txt", endpoint, pn, status, pn, PATENT, records, null, null,
                Instant.parse(at).toString());
    }

    /** A map that may hold nulls, in the order given. */
    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
