package dev.patsnapcamel.output;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Insert-or-update by key in the SQL of the database at hand: {@code INSERT ... ON CONFLICT (key) DO UPDATE}
 * on PostgreSQL, {@code MERGE INTO ... KEY (key)} on H2, and for any other database an {@code UPDATE}
 * followed by an {@code INSERT} when it matched no row. Every value is bound, never written into the SQL.
 */
final class Upserts {

    enum Dialect { POSTGRESQL, H2, OTHER }

    private final Dialect dialect;

    Upserts(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The dialect of a database product name (as {@code DatabaseMetaData.getDatabaseProductName()} gives it). */
    static Dialect dialectOf(String productName) {
        String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (name.contains("postgresql")) {
            return Dialect.POSTGRESQL;
        }
        return name.equals("h2") ? Dialect.H2 : Dialect.OTHER;
    }

    Dialect dialect() {
        return dialect;
    }

    /**
     * Upserts rows into {@code table}: {@code columns} (the key columns among them) with one value array per
     * row, in column order. Table and column names come from this code, never from data.
     */
    void upsert(Connection c, String table, List<String> columns, List<String> keys, List<List<Object>> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String names = String.join(", ", columns);
        String marks = String.join(", ", columns.stream().map(x -> "?").toList());
        List<String> others = columns.stream().filter(col -> !keys.contains(col)).toList();
        switch (dialect) {
            case POSTGRESQL -> {
                String updates = String.join(", ", others.stream().map(col -> col + " = EXCLUDED." + col).toList());
                batch(c, "INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ") ON CONFLICT ("
                        + String.join(", ", keys) + ") DO UPDATE SET " + updates, rows);
            }
            case H2 -> batch(c, "MERGE INTO " + table + " (" + names + ") KEY (" + String.join(", ", keys) + ") VALUES ("
                    + marks + ")", rows);
            default -> updateThenInsert(c, table, columns, keys, others, rows);
        }
    }

    /** Runs one statement for many rows as a JDBC batch. */
    static void batch(Connection c, String sql, List<List<Object>> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (List<Object> row : rows) {
                bind(statement, row);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static void updateThenInsert(Connection c, String table, List<String> columns, List<String> keys,
            List<String> others, List<List<Object>> rows) throws SQLException {
        String update = "UPDATE " + table + " SET " + String.join(", ", others.stream().map(col -> col + " = ?").toList())
                + " WHERE " + String.join(" AND ", keys.stream().map(col -> col + " = ?").toList());
        String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(x -> "?").toList()) + ")";
        try (PreparedStatement u = c.prepareStatement(update); PreparedStatement i = c.prepareStatement(insert)) {
            for (List<Object> row : rows) {
                List<Object> values = new ArrayList<>();
                others.forEach(col -> values.add(row.get(columns.indexOf(col))));
                keys.forEach(col -> values.add(row.get(columns.indexOf(col))));
                bind(u, values);
                if (u.executeUpdate() == 0) {
                    bind(i, row);
                    i.executeUpdate();
                }
            }
        }
    }

    static void bind(PreparedStatement statement, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (v == null) {
                statement.setObject(i + 1, null);
            } else if (v instanceof String s) {
                statement.setString(i + 1, s);
            } else if (v instanceof Integer n) {
                statement.setInt(i + 1, n);
            } else if (v instanceof Long n) {
                statement.setLong(i + 1, n);
            } else if (v instanceof LocalDate d) {
                statement.setObject(i + 1, d);
            } else if (v instanceof OffsetDateTime t) {
                statement.setObject(i + 1, t);
            } else {
                throw new IllegalArgumentException("cannot bind a " + v.getClass().getName());
            }
        }
    }
}
