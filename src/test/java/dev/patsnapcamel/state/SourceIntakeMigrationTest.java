package dev.patsnapcamel.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The intake kind of each source, recorded by its intake; in a state database made before it was
 * recorded, derived once from what the bundle itself wrote (the fingerprint), never from the name alone.
 */
class SourceIntakeMigrationTest {

    @Test
    void oldRowsGetTheirKindFromTheFingerprintTheBundleWrote() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:intake-migration;DB_CLOSE_DELAY=-1");
        try (Connection c = h2.getConnection();
                Statement s = c.createStatement()) {
            // the table as the previous version made it: no intake column
            s.execute("CREATE TABLE patsnap_source (source_key VARCHAR(64) PRIMARY KEY, source VARCHAR(1000) NOT NULL,"
                    + " fingerprint VARCHAR(1200) NOT NULL, endpoints VARCHAR(1000) NOT NULL, started_at VARCHAR(40) NOT NULL,"
                    + " ids_read BIGINT, read_complete BOOLEAN NOT NULL, completed BOOLEAN NOT NULL)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO patsnap_source VALUES (?, ?, ?, 'license',"
                    + " '2026-01-01T00:00:00Z', NULL, FALSE, FALSE)")) {
                String[][] rows = {
                    {"k-file", "batch.txt", "file:batch.txt|10|1"},
                    // a file named like someone's queue request is still a file
                    {"k-lookalike", "queue:ID:abc", "file:queue:ID:abc|10|1"},
                    {"k-queue", "queue:ID:abc", "queue:ID:abc"},
                    {"k-sftp", "sftp:host/in/a.txt", "sftp:user@host:22/in/a.txt|10|1"},
                    {"k-watch", "watchlist:list.txt:2026-01-01T02:00:00Z", "watchlist:list.txt:2026-01-01T02:00:00Z"},
                    {"k-odd", "queue:ID:xyz", "k-odd"}
                };
                for (String[] row : rows) {
                    insert.setString(1, row[0]);
                    insert.setString(2, row[1]);
                    insert.setString(3, row[2]);
                    insert.executeUpdate();
                }
            }
        }
        StateStore store = new StateStore(h2);
        store.migrate();
        store.migrate(); // again, as at every start: nothing changes
        SourceRecords records = new SourceRecords(store);

        assertThat(records.intakeOf("k-file")).isEqualTo("file");
        assertThat(records.intakeOf("k-lookalike")).isEqualTo("file");
        assertThat(records.intakeOf("k-queue")).isEqualTo("queue");
        assertThat(records.intakeOf("k-sftp")).isEqualTo("sftp");
        assertThat(records.intakeOf("k-watch")).isEqualTo("watchlist");
        assertThat(records.intakeOf("k-odd")).isEqualTo("file");
        assertThat(records.intakeOf("unknown")).isEqualTo("file");
        assertThat(records.find("k-queue"))
                .get()
                .extracting(SourceRecords.Source::intake)
                .isEqualTo("queue");

        // new rows carry the kind their intake gave, and only a known one
        records.insert(new SourceRecords.Source(
                "k-new",
                "queue:ID:new",
                "file:queue:ID:new|1|1",
                List.of("license"),
                "2026-01-02T00:00:00Z",
                null,
                false,
                "file"));
        assertThat(records.intakeOf("k-new")).isEqualTo("file");
        assertThatThrownBy(() -> records.insert(new SourceRecords.Source(
                        "k-bad", "x", "x", List.of("license"), "2026-01-02T00:00:00Z", null, false, null)))
                .hasMessageContaining("unknown intake kind");
    }
}
