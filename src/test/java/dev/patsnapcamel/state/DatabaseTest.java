package dev.patsnapcamel.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.patsnapcamel.ops.SafeUri;

/** The one JDBC helper: its upsert in each dialect, its transactions, and the URL mask. */
class DatabaseTest {

    @ParameterizedTest
    @EnumSource(
            value = Database.Dialect.class,
            names = {"H2", "OTHER"})
    void upsertInsertsNewKeysAndUpdatesKnownOnes(Database.Dialect dialect) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Database database = new Database(h2, dialect);
        database.jdbc().execute("CREATE TABLE t (k VARCHAR(10) PRIMARY KEY, v BIGINT, note VARCHAR(10))");

        database.upsert(
                "t",
                List.of("k", "v", "note"),
                List.of("k"),
                List.of(List.of("a", 1L, "one"), java.util.Arrays.asList("b", 2L, null)));
        database.upsert("t", List.of("k", "v", "note"), List.of("k"), List.of(List.of("a", 10L, "ten")));

        assertThat(database.jdbc()
                        .query(
                                "SELECT k, v, note FROM t ORDER BY k",
                                (rs, n) -> rs.getString(1) + ":" + rs.getLong(2) + ":" + rs.getString(3)))
                .containsExactly("a:10:ten", "b:2:null");
        assertThat(database.insertNew("INSERT INTO t (k, v) VALUES (?, ?)", "a", 3L))
                .isFalse();
        assertThat(database.insertNew("INSERT INTO t (k, v) VALUES (?, ?)", "c", 3L))
                .isTrue();
    }

    @Test
    void aFailedTransactionLeavesNothing() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Database database = new Database(h2);
        assertThat(database.dialect()).isEqualTo(Database.Dialect.H2);
        database.jdbc().execute("CREATE TABLE t (k VARCHAR(10) PRIMARY KEY)");
        try {
            database.inTransaction(() -> {
                database.jdbc().update("INSERT INTO t VALUES (?)", "a");
                database.jdbc().update("INSERT INTO t VALUES (?)", "a");
            });
        } catch (RuntimeException expected) {
            // the second insert fails: the first is rolled back with it
        }
        assertThat(database.jdbc().queryForObject("SELECT COUNT(*) FROM t", Long.class))
                .isZero();
    }

    @Test
    void passwordsInUrlsAreMasked() {
        assertThat(SafeUri.of("jdbc:postgresql://db:5432/patsnap?user=app&password=s3cret&ssl=true"))
                .doesNotContain("s3cret")
                .contains("password=xxxxxx", "ssl=true");
        assertThat(SafeUri.of("jdbc:h2:file:./data/state;USER=sa;PASSWORD=s3cret;AUTO_SERVER=TRUE"))
                .isEqualTo("jdbc:h2:file:./data/state;USER=sa;PASSWORD=xxxxxx;AUTO_SERVER=TRUE");
        assertThat(SafeUri.of("jdbc:h2:file:./data/patsnap-state")).isEqualTo("jdbc:h2:file:./data/patsnap-state");
    }
}
