package dev.patsnapcamel.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Retiring a completed source: its per-ID rows go, in chunks, and another source's rows stay. */
class SourceRecordsTest {

    @Test
    void completingASourceDropsItsRowsAcrossSeveralChunksAndKeepsTheOthers() throws SQLException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:source-records;DB_CLOSE_DELAY=-1");
        StateStore store = new StateStore(h2);
        store.migrate();
        SourceRecords records = new SourceRecords(store);
        // more rows than one chunk (10,000) in both tables
        seed(store, records, "big", 12_500, List.of("customs", "license"));
        seed(store, records, "other", 30, List.of("license"));
        records.addCall("big", "license");

        records.complete("big");

        assertThat(records.completed("big")).isTrue();
        assertThat(records.uniqueCount("big")).isZero();
        assertThat(records.settledCount("big")).isZero();
        assertThat(records.calls("big")).isEmpty();
        assertThat(records.completed("other")).isFalse();
        assertThat(records.uniqueCount("other")).isEqualTo(30);
        assertThat(records.settledCount("other")).isEqualTo(30);
        try (Connection c = h2.getConnection();
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT COUNT(*) FROM patsnap_settled WHERE source_key = 'big'")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    private static void seed(StateStore store, SourceRecords records, String key, int ids, List<String> endpoints)
            throws SQLException {
        records.insert(new SourceRecords.Source(
                key, key + ".txt", key + "-fingerprint", endpoints, "2026-12-01T00:00:00Z", null, false, "file"));
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement intake =
                        c.prepareStatement("INSERT INTO patsnap_intake (source_key, query_key) VALUES (?, ?)");
                PreparedStatement settled = c.prepareStatement(
                        "INSERT INTO patsnap_settled (source_key, endpoint, query_key, status) VALUES (?, ?, ?, 'found')")) {
            for (int i = 0; i < ids; i++) {
                String query = "US" + (10_000_000 + i) + "B2";
                intake.setString(1, key);
                intake.setString(2, query);
                intake.addBatch();
                for (String endpoint : endpoints) {
                    settled.setString(1, key);
                    settled.setString(2, endpoint);
                    settled.setString(3, query);
                    settled.addBatch();
                }
            }
            intake.executeBatch();
            settled.executeBatch();
        }
    }
}
