package dev.patsnapcamel.watchlist;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Quartz's tables when Quartz is configured to keep its schedule in a database
 * ({@code camel.component.quartz.properties[org.quartz.jobStore.class]} a JDBC job store) and they are
 * missing, from the DDL that ships inside the Quartz jar (H2 or PostgreSQL, with the configured table
 * prefix). So the JDBC job store, and a cluster later, need configuration only.
 */
public final class QuartzTables {

    private static final Logger LOG = LoggerFactory.getLogger(QuartzTables.class);

    private QuartzTables() {
    }

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
        String script = url.startsWith("jdbc:postgresql:") ? "tables_postgres.sql" : url.startsWith("jdbc:h2:") ? "tables_h2.sql"
                : null;
        try (Connection c = DriverManager.getConnection(url, quartz.get("org.quartz.dataSource." + dataSource + ".user"),
                quartz.get("org.quartz.dataSource." + dataSource + ".password"))) {
            if (exists(c, prefix + "LOCKS")) {
                return false;
            }
            if (script == null) {
                throw new IllegalStateException("Quartz's tables (" + prefix + "*) are missing in " + url + ": create them "
                        + "with the script for this database in the Quartz jar (org/quartz/impl/jdbcjobstore/tables_*.sql)");
            }
            try (Statement s = c.createStatement()) {
                for (String statement : ddl(script).split(";")) {
                    String sql = statement.replaceAll("(?m)^\\s*--.*$", "").trim();
                    if (sql.isEmpty() || sql.toUpperCase(Locale.ROOT).startsWith("DROP ") || sql.equalsIgnoreCase("COMMIT")) {
                        continue;
                    }
                    s.execute(sql.replace("QRTZ_", prefix).replace("qrtz_", prefix.toLowerCase(Locale.ROOT)));
                }
            }
            LOG.info("Created Quartz's tables ({}*) for its JDBC job store", prefix);
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create Quartz's tables: " + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        for (String name : new String[] { table, table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT) }) {
            try (ResultSet rs = c.getMetaData().getTables(null, null, name, null)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String ddl(String script) {
        try (InputStream in = org.quartz.Scheduler.class.getResourceAsStream("/org/quartz/impl/jdbcjobstore/" + script)) {
            if (in == null) {
                throw new IllegalStateException("the Quartz jar has no " + script);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
