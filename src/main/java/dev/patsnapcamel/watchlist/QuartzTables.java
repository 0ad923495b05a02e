package dev.patsnapcamel.watchlist;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * Creates Quartz's tables when Quartz is configured to keep its schedule in a database
 * ({@code camel.component.quartz.properties[org.quartz.jobStore.class]} a JDBC job store) and they are
 * missing, from the DDL that ships inside the Quartz jar (H2 or PostgreSQL, with the configured table
 * prefix). So the JDBC job store, and a cluster later, need configuration only.
 * <p>
 * Not a Flyway migration of the state schema: Quartz's tables are Quartz's (their DDL per database ships
 * with, and changes with, the Quartz version), they may live in another database than the state
 * ({@code org.quartz.dataSource.<name>.URL}), and the only thing to do is create them when missing (Spring's
 * {@code ScriptUtils} runs the script, without its own {@code DROP}s).
 */
public final class QuartzTables {

    private static final Logger LOG = LoggerFactory.getLogger(QuartzTables.class);
    /** The key of the PostgreSQL advisory lock held while the tables are checked and created. */
    private static final long TABLES_LOCK = 0x7061_7473_6e61_7051L;

    private static final Pattern DROP_OR_COMMIT = Pattern.compile("(?im)^\\s*(DROP\\s[^;]*|COMMIT)\\s*;\\s*$");

    private QuartzTables() {}

    /**
     * @param quartz Quartz's properties ({@code org.quartz.*}), placeholders resolved
     * @return whether tables were created
     */
    public static boolean ensure(Map<String, String> quartz) {
        String store = quartz.getOrDefault("org.quartz.jobStore.class", "");
        if (!store.contains("jdbcjobstore")) {
            return false;
        }
        String dataSource = quartz.get("org.quartz.jobStore.dataSource");
        String url = quartz.get("org.quartz.dataSource." + dataSource + ".URL");
        if (dataSource == null || url == null || url.isBlank()) {
            throw new IllegalArgumentException("Quartz's JDBC job store needs org.quartz.jobStore.dataSource and "
                    + "org.quartz.dataSource.<name>.URL (camel.component.quartz.properties[...])");
        }
        String prefix = quartz.getOrDefault("org.quartz.jobStore.tablePrefix", "QRTZ_");
        String script = url.startsWith("jdbc:postgresql:")
                ? "tables_postgres.sql"
                : url.startsWith("jdbc:h2:") ? "tables_h2.sql" : null;
        SingleConnectionDataSource quartzDatabase = new SingleConnectionDataSource(
                url,
                quartz.get("org.quartz.dataSource." + dataSource + ".user"),
                quartz.get("org.quartz.dataSource." + dataSource + ".password"),
                true);
        JdbcTemplate jdbc = new JdbcTemplate(quartzDatabase);
        boolean postgresql = url.startsWith("jdbc:postgresql:");
        try {
            if (postgresql) {
                // several nodes starting at once: one creates the tables, the others wait and find them made
                jdbc.execute((ConnectionCallback<Object>) c -> lock(c, "pg_advisory_lock"));
            }
            if (jdbc.execute((ConnectionCallback<Boolean>) c -> exists(c, prefix + "LOCKS"))) {
                return false;
            }
            if (script == null) {
                throw new IllegalStateException(
                        "Quartz's tables (" + prefix + "*) are missing in " + url + ": create them "
                                + "with the script for this database in the Quartz jar (org/quartz/impl/jdbcjobstore/tables_*.sql)");
            }
            // the script's own DROPs never run (the tables are missing, and a schedule is never dropped), nor its
            // COMMIT
            String ddl = DROP_OR_COMMIT
                    .matcher(ddl(script))
                    .replaceAll("")
                    .replace("QRTZ_", prefix)
                    .replace("qrtz_", prefix.toLowerCase(Locale.ROOT));
            jdbc.execute((ConnectionCallback<Void>) c -> {
                ScriptUtils.executeSqlScript(c, new ByteArrayResource(ddl.getBytes(StandardCharsets.UTF_8), script));
                return null;
            });
            LOG.info("Created Quartz's tables ({}*) for its JDBC job store", prefix);
            return true;
        } catch (DataAccessException e) {
            throw new IllegalStateException("cannot create Quartz's tables: " + e.getMessage(), e);
        } finally {
            if (postgresql) {
                try {
                    jdbc.execute((ConnectionCallback<Object>) c -> lock(c, "pg_advisory_unlock"));
                } catch (DataAccessException e) {
                    LOG.debug("cannot release the lock on Quartz's tables: {}", e.getMessage());
                }
            }
            quartzDatabase.destroy();
        }
    }

    /** PostgreSQL's advisory lock (or its release) of this bundle's Quartz tables, on this connection. */
    private static Object lock(Connection c, String function) throws SQLException {
        try (var statement = c.prepareStatement("SELECT " + function + "(?)")) {
            statement.setLong(1, TABLES_LOCK);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        for (String name : new String[] {table, table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT)}) {
            try (ResultSet rs = c.getMetaData().getTables(null, null, name, null)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String ddl(String script) {
        try (InputStream in =
                org.quartz.Scheduler.class.getResourceAsStream("/org/quartz/impl/jdbcjobstore/" + script)) {
            if (in == null) {
                throw new IllegalStateException("the Quartz jar has no " + script);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
