package dev.patsnapcamel.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.model.Status;
import dev.patsnapcamel.ops.Json;
import dev.patsnapcamel.state.Database;
import dev.patsnapcamel.support.ResultRows;

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
        new ResultDatabase(dataSource, endpoint -> Path.of("target"), Clock.systemUTC(), Json.mapper()).migrate();
        rows = new ResultRows(dataSource);
    }

    @ParameterizedTest
    @EnumSource(
            value = Database.Dialect.class,
            names = {"H2", "OTHER"})
    void aPatentsRecordsMirrorItsLatestAnswer(Database.Dialect dialect) throws Exception {
        ResultWriter writer = new ResultWriter(new Database(dataSource, dialect));
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
                        + "FROM litigation_record ORDER BY seq"))
                .containsExactly(
                        Map.of(
                                "record_key",
                                "(2017)京73行初8028号",
                                "seq",
                                1,
                                "case_number",
                                "(2017)京73行初8028号",
                                "filing_date",
                                LocalDate.of(2017, 10, 20),
                                "verdict_date",
                                LocalDate.of(2020, 8, 5),
                                "chief_judge",
                                "张伟"),
                        row(
                                "record_key",
                                "1:19-cv-00001",
                                "seq",
                                2,
                                "case_number",
                                "1:19-cv-00001",
                                "filing_date",
                                LocalDate.of(2019, 1, 1),
                                "verdict_date",
                                null,
                                "chief_judge",
                                null),
                        row(
                                "record_key",
                                "1:19-cv-00001#2",
                                "seq",
                                3,
                                "case_number",
                                "1:19-cv-00001",
                                "filing_date",
                                LocalDate.of(2019, 1, 1),
                                "verdict_date",
                                null,
                                "chief_judge",
                                null));
        assertThat(rows.query(
                        "SELECT role, seq, name FROM litigation_party WHERE record_key = ? ORDER BY role, seq",
                        "(2017)京73行初8028号"))
                .extracting(r -> r.get("role") + ":" + r.get("seq") + ":" + r.get("name"))
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
        apply(
                writer,
                new LedgerEntry(
                        "s2",
                        "b.txt",
                        "litigation",
                        "US11205304B2",
                        Status.FAILED,
                        null,
                        null,
                        JSON.createArrayNode(),
                        "67200100",
                        "busy",
                        "2026-11-23T10:00:00Z"));
        assertThat(rows.counts()).containsEntry("litigation_record", 1L);
        assertThat(rows.query("SELECT status, error_code, record_count FROM fetch_status"))
                .containsExactly(Map.of("status", "failed", "error_code", "67200100", "record_count", 0));
        apply(writer, line("litigation", "US11205304B2", Status.EMPTY, JSON.createArrayNode(), "2026-11-24T10:00:00Z"));
        assertThat(rows.counts()).containsEntry("litigation_record", 0L).containsEntry("litigation_party", 0L);
    }

    @ParameterizedTest
    @EnumSource(
            value = Database.Dialect.class,
            names = {"H2", "OTHER"})
    void recordsWithoutANaturalKeyAreKeyedByTheirContentAndOtherEndpointsKeptAsJson(Database.Dialect dialect)
            throws Exception {
        ResultWriter writer = new ResultWriter(new Database(dataSource, dialect));
        JsonNode licenses = JSON.readTree("""
                [{"country": "US", "licensees": [{"lang": "EN", "name": "ACME", "sequence": 1}],
                  "licensors": [{"lang": "EN", "name": "O'BRIEN & SONS, LTD.", "sequence": 1}],
                  "license_type": ["Exclusive", "Sub-license"], "effective_date": 20100915}]""");
        JsonNode families = JSON.readTree("[{\"family_id\": \"F1\", \"members\": [\"US11205304B2\"]}]");
        for (String at : List.of("2026-11-21T10:00:00Z", "2026-11-22T10:00:00Z")) {
            apply(
                    writer,
                    line("license", "US11205304B2", Status.FOUND, licenses, at),
                    line("family", "US11205304B2", Status.FOUND, families, at));
        }
        List<Map<String, Object>> license =
                rows.query("SELECT record_key, license_type, contract_number, effective_date " + "FROM license_record");
        assertThat(license).singleElement().satisfies(r -> {
            assertThat((String) r.get("record_key")).matches("sha256:[0-9a-f]{64}");
            assertThat(r)
                    .containsEntry("license_type", "Exclusive; Sub-license")
                    .containsEntry("contract_number", null)
                    .containsEntry("effective_date", LocalDate.of(2010, 9, 15));
        });
        assertThat(rows.counts())
                .containsEntry("license_party", 2L)
                .containsEntry("other_record", 1L)
                .containsEntry("fetch_status", 2L);
        assertThat(rows.query("SELECT endpoint, record_json FROM other_record"))
                .singleElement()
                .satisfies(r ->
                        assertThat(JSON.readTree((String) r.get("record_json"))).isEqualTo(families.get(0)))
                .satisfies(r -> assertThat(r.get("endpoint")).isEqualTo("family"));
    }

    @ParameterizedTest
    @EnumSource(
            value = Database.Dialect.class,
            names = {"H2", "OTHER"})
    void licensesKeepTheirContractTypeAndTheNeighboursGetTypedTables(Database.Dialect dialect) throws Exception {
        ResultWriter writer = new ResultWriter(new Database(dataSource, dialect));
        String at = "2026-11-21T10:00:00Z";
        apply(
                writer,
                line("license", "CN1394453A", Status.FOUND, JSON.readTree("""
                        [{"country": "CN", "licensees": [{"lang": "CN", "name": "甲", "sequence": 1}],
                          "licensors": [{"lang": "CN", "name": "乙", "sequence": 1}], "license_type": ["独占许可"],
                          "effective_date": 20100915, "contract_number": "2010370000340", "contract_type": "专利实施许可合同"}]"""), at),
                line("transfer", "US11205304B2", Status.FOUND, JSON.readTree("""
                        [{"country": "US", "transferees": [{"lang": "EN", "name": "B INC.", "sequence": 1}],
                          "transferers": [{"lang": "EN", "name": "A LLC", "sequence": 1, "effective_date_us": 20190301},
                                          {"lang": "EN", "name": "C LTD.", "sequence": 2, "effective_date_us": 20190302}],
                          "effective_date": 20190315}]"""), at),
                line("pledge", "US11205304B2", Status.FOUND, JSON.readTree("""
                        [{"country": "US", "pledgees": [{"lang": "EN", "name": "BANK, N.A.", "sequence": 1}],
                          "pledgors": [{"lang": "EN", "name": "A LLC", "sequence": 1, "effective_date_us": 20220601}],
                          "reel_frame": "060332/0740", "pledge_type": "SECURITY INTEREST", "effective_date": 20220610}]"""), at),
                line("reexam", "CN1394453A", Status.FOUND, JSON.readTree("""
                        [{"lang": "CN", "country": "CN", "applicant": [{"name": "甲", "sequence": 1}], "case_type": "WX",
                          "legal_ground": ["专利法第22条第3款", "专利法第26条第4款"], "decision_date": 20180412,
                          "decision_number": "4W123456"}]"""), at));

        assertThat(rows.query("SELECT contract_number, contract_type FROM license_record"))
                .containsExactly(Map.of("contract_number", "2010370000340", "contract_type", "专利实施许可合同"));
        assertThat(rows.query("SELECT country, effective_date FROM transfer_record"))
                .containsExactly(Map.of("country", "US", "effective_date", LocalDate.of(2019, 3, 15)));
        assertThat(rows.query("SELECT role, seq, name FROM transfer_party ORDER BY role, seq"))
                .extracting(r -> r.get("role") + ":" + r.get("seq") + ":" + r.get("name"))
                .containsExactly("transferee:1:B INC.", "transferer:1:A LLC", "transferer:2:C LTD.");
        assertThat(rows.query("SELECT record_key, reel_frame, pledge_type, effective_date FROM pledge_record"))
                .containsExactly(Map.of(
                        "record_key",
                        "060332/0740",
                        "reel_frame",
                        "060332/0740",
                        "pledge_type",
                        "SECURITY INTEREST",
                        "effective_date",
                        LocalDate.of(2022, 6, 10)));
        assertThat(rows.query("SELECT role, name FROM pledge_party ORDER BY role"))
                .extracting(r -> r.get("role") + ":" + r.get("name"))
                .containsExactly("pledgee:BANK, N.A.", "pledgor:A LLC");
        assertThat(rows.query("SELECT record_key, lang, case_type, legal_ground, decision_date FROM reexam_record"))
                .containsExactly(Map.of(
                        "record_key",
                        "4W123456",
                        "lang",
                        "CN",
                        "case_type",
                        "WX",
                        "legal_ground",
                        "专利法第22条第3款; 专利法第26条第4款",
                        "decision_date",
                        LocalDate.of(2018, 4, 12)));
        assertThat(rows.query("SELECT role, name, lang, sequence FROM reexam_party"))
                .containsExactly(row("role", "applicant", "name", "甲", "lang", null, "sequence", 1));
        assertThat(rows.counts()).containsEntry("other_record", 0L);
    }

    @Test
    void anUnreachableDatabaseFailsWithTheKeysToCheckAndNoPassword() {
        assertThatThrownBy(() ->
                        ResultDatabase.open("jdbc:postgresql://127.0.0.1:1/patsnap?password=secret", "u", "hunter2", 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot reach the result database at jdbc:postgresql://127.0.0.1:1/patsnap")
                .hasMessageContaining("sink.jdbc.url")
                .satisfies(
                        e -> assertThat(e.getMessage()).doesNotContain("secret").doesNotContain("hunter2"));
    }

    private void apply(ResultWriter writer, LedgerEntry... lines) {
        new Database(dataSource).inTransaction(() -> writer.apply(List.of(lines)));
    }

    private static LedgerEntry line(String endpoint, String pn, Status status, JsonNode records, String at) {
        return new LedgerEntry(
                "s1",
                "a.txt",
                endpoint,
                pn,
                status,
                pn,
                PATENT,
                records,
                null,
                null,
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
