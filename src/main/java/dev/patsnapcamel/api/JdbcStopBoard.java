package dev.patsnapcamel.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The closed gates of the cluster in the state database's table {@code patsnap_stop} (Flyway V7), one row
 * per closed gate. The probe is taken by a conditional update against the database's clock, so one node
 * wins it whatever the nodes' clocks say. Failures are thrown as {@link IllegalStateException}.
 */
public class JdbcStopBoard implements StopBoard {

    private final DataSource dataSource;

    public JdbcStopBoard(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Snapshot read() {
        try (Connection c = dataSource.getConnection()) {
            Instant now;
            try (PreparedStatement ps = c.prepareStatement("SELECT CURRENT_TIMESTAMP");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                now = instant(rs, 1);
            }
            Map<String, Posted> closed = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT gate, treatment, code, message, since, next_probe, closed_by FROM patsnap_stop");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    closed.put(
                            rs.getString(1),
                            new Posted(
                                    new CallGate.Closure(
                                            Treatment.valueOf(rs.getString(2)),
                                            rs.getString(3),
                                            rs.getString(4),
                                            instant(rs, 5),
                                            instant(rs, 6)),
                                    rs.getString(7)));
                }
            }
            return new Snapshot(now, Map.copyOf(closed));
        } catch (SQLException e) {
            throw failed("read the closed gates", e);
        }
    }

    @Override
    public boolean close(String gate, CallGate.Closure closure, String node) {
        try (Connection c = dataSource.getConnection()) {
            // an update that finds no row: another node opened the gate in between, so this stop closes it again
            for (int attempt = 0; attempt < 3; attempt++) {
                if (insert(c, gate, closure, node)) {
                    return true;
                }
                if (update(c, gate, closure)) {
                    return false;
                }
            }
            throw new SQLException("the gate " + gate + " keeps opening and closing");
        } catch (SQLException e) {
            throw failed("close the gate " + gate, e);
        }
    }

    private static boolean insert(Connection c, String gate, CallGate.Closure closure, String node)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO patsnap_stop (gate, treatment, code, message, since, next_probe, closed_by)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (gate) DO NOTHING")) {
            ps.setString(1, gate);
            ps.setString(2, closure.treatment().name());
            ps.setString(3, closure.code());
            ps.setString(4, closure.message());
            ps.setObject(5, timestamp(closure.since()));
            ps.setObject(6, timestamp(closure.nextProbe()));
            ps.setString(7, node);
            return ps.executeUpdate() == 1;
        }
    }

    private static boolean update(Connection c, String gate, CallGate.Closure closure) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE patsnap_stop SET treatment = ?, code = ?, message = ?, next_probe = ? WHERE gate = ?")) {
            ps.setString(1, closure.treatment().name());
            ps.setString(2, closure.code());
            ps.setString(3, closure.message());
            ps.setObject(4, timestamp(closure.nextProbe()));
            ps.setString(5, gate);
            return ps.executeUpdate() == 1;
        }
    }

    @Override
    public boolean open(String gate) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM patsnap_stop WHERE gate = ?")) {
            ps.setString(1, gate);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failed("open the gate " + gate, e);
        }
    }

    @Override
    public boolean claimProbe(String gate, Instant nextProbe, String node) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE patsnap_stop SET next_probe = ?, probe_by = ?"
                        + " WHERE gate = ? AND next_probe <= CURRENT_TIMESTAMP")) {
            ps.setObject(1, timestamp(nextProbe));
            ps.setString(2, node);
            ps.setString(3, gate);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failed("claim the probe of the gate " + gate, e);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static IllegalStateException failed(String what, SQLException e) {
        return new IllegalStateException("cannot " + what + " in the state database: " + e.getMessage(), e);
    }
}
