package dev.patsnapcamel.state;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One relational database (the state database, or the result database) as the bundle's classes use it:
 * Spring's {@link JdbcTemplate} for every statement (values always bound, never written into the SQL), a
 * transaction around several statements ({@link #inTransaction}), the one insert-or-update of the bundle
 * ({@link #upsert}), the schema migrated by Flyway ({@link #migrate}), and its dialect, found once from the
 * driver's product name.
 */
public final class Database {

    /** The SQL dialects the bundle writes differently for. */
    public enum Dialect {
        POSTGRESQL,
        H2,
        OTHER
    }

    private final DataSource dataSource;
    private final Dialect dialect;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    /** @throws IllegalStateException if the database cannot be reached (to find its dialect) */
    public Database(DataSource dataSource) {
        this(dataSource, dialectOf(dataSource));
    }

    /** A database written to in the given dialect (tests: the portable {@code OTHER} on H2). */
    public Database(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Runs the work in one transaction: the template's statements within it share its connection. */
    public <T> T inTransaction(Supplier<T> work) {
        return transactions.execute(status -> work.get());
    }

    public void inTransaction(Runnable work) {
        transactions.executeWithoutResult(status -> work.run());
    }

    /**
     * Runs the work, and again every second while the database cannot be reached (a restart of PostgreSQL, a
     * lost connection), for up to {@link #REACHABLE_WAIT_MS}: for a statement that must not be lost and
     * cannot be redelivered (after a transaction that committed). Other errors are thrown at once.
     */
    public <T> T whenReachable(Supplier<T> work) {
        long deadline = System.currentTimeMillis() + REACHABLE_WAIT_MS;
        while (true) {
            try {
                return work.get();
            } catch (org.springframework.dao.DataAccessResourceFailureException
                    | org.springframework.dao.TransientDataAccessException
                    | org.springframework.dao.RecoverableDataAccessException
                    | org.springframework.transaction.CannotCreateTransactionException
                    | org.springframework.transaction.TransactionSystemException unreachable) {
                if (System.currentTimeMillis() + 1000 > deadline) {
                    throw unreachable;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw unreachable;
                }
            }
        }
    }

    /** How long {@link #whenReachable} waits for the database. */
    static final long REACHABLE_WAIT_MS = 10 * 60 * 1000L;

    /** Runs an insert; false when the row's key is there already (a repeat, or another node was first). */
    public boolean insertNew(String sql, Object... args) {
        try {
            return jdbc.update(sql, args) > 0;
        } catch (DuplicateKeyException repeat) {
            return false;
        }
    }

    /** Runs one statement for many rows as a JDBC batch. */
    public void batch(String sql, List<? extends List<?>> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, rows.stream().map(List::toArray).toList());
        }
    }

    /**
     * Inserts or updates rows of {@code table} by key, in the SQL of the database at hand: {@code INSERT ... ON
     * CONFLICT (key) DO UPDATE} on PostgreSQL, {@code MERGE INTO ... KEY (key)} on H2, and for any other
     * database an {@code UPDATE} followed by an {@code INSERT} when it matched no row. {@code columns} (the key
     * columns among them) with one value list per row, in column order. Table and column names come from this
     * code, never from data.
     */
    public void upsert(String table, List<String> columns, List<String> keys, List<? extends List<?>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        String names = String.join(", ", columns);
        String marks = String.join(", ", columns.stream().map(x -> "?").toList());
        List<String> others =
                columns.stream().filter(col -> !keys.contains(col)).toList();
        switch (dialect) {
            case POSTGRESQL ->
                batch(
                        "INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ") ON CONFLICT ("
                                + String.join(", ", keys) + ") DO UPDATE SET "
                                + String.join(
                                        ", ",
                                        others.stream()
                                                .map(col -> col + " = EXCLUDED." + col)
                                                .toList()),
                        rows);
            case H2 ->
                batch(
                        "MERGE INTO " + table + " (" + names + ") KEY (" + String.join(", ", keys) + ") VALUES ("
                                + marks + ")",
                        rows);
            default -> {
                String update = "UPDATE " + table + " SET "
                        + String.join(
                                ", ", others.stream().map(col -> col + " = ?").toList()) + " WHERE "
                        + String.join(
                                " AND ", keys.stream().map(col -> col + " = ?").toList());
                String insert = "INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")";
                for (List<?> row : rows) {
                    Object[] values = java.util.stream.Stream.concat(others.stream(), keys.stream())
                            .map(col -> row.get(columns.indexOf(col)))
                            .toArray();
                    if (jdbc.update(update, values) == 0) {
                        jdbc.update(insert, row.toArray());
                    }
                }
            }
        }
    }

    /**
     * Creates or upgrades a schema from {@code classpath:<location>/V*.sql}, recorded in its own history table.
     * A database that already holds tables but no such history (other tables, or a schema made before Flyway)
     * is baselined at version 0 first, so that V1 runs on it too.
     */
    public MigrateResult migrate(String location, String historyTable, Map<String, String> placeholders) {
        if (dialect != Dialect.POSTGRESQL) {
            return flyway(location, historyTable, placeholders).migrate();
        }
        // several nodes starting at once on one fresh database: Flyway's own lock is taken only once its
        // history table exists, so a second node could find that table just created and still empty, and
        // refuse to baseline it. One session-level advisory lock per history table makes them migrate one
        // after the other; the others then find the schema up to date.
        try (Connection lock = dataSource.getConnection()) {
            long key = ("patsnap-camel:" + historyTable).hashCode();
            try (PreparedStatement take = lock.prepareStatement("SELECT pg_advisory_lock(?)")) {
                take.setLong(1, key);
                take.execute();
            }
            try {
                return flyway(location, historyTable, placeholders).migrate();
            } finally {
                try (PreparedStatement release = lock.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    release.setLong(1, key);
                    release.execute();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lock the schema of " + historyTable + ": " + e.getMessage(), e);
        }
    }

    private Flyway flyway(String location, String historyTable, Map<String, String> placeholders) {
        return Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:" + location)
                .table(historyTable)
                .placeholders(placeholders)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
    }

    private static Dialect dialectOf(DataSource dataSource) {
        String name;
        try {
            name = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("cannot reach the database: " + e.getMessage(), e);
        }
        name = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (name.contains("postgresql")) {
            return Dialect.POSTGRESQL;
        }
        return name.equals("h2") ? Dialect.H2 : Dialect.OTHER;
    }
}
