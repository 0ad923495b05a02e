package dev.patsnapcamel.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Where the answers to each queue request go, in {@code patsnap_queue_request}: the broker it came
 * from ({@code jms} or {@code amqp}, the Camel component) and the correlation id to copy onto its
 * results and its completion message, by the request's source name ({@code queue:<message id>}).
 * Written before any ID of the request is handed on, so that every result can be addressed, also
 * after a restart.
 */
public final class QueueRequestRecords {

    /** One row: a request's source name, its broker and correlation id (null when it had none). */
    public record Request(String source, String broker, String correlationId) {
    }

    private final StateStore store;

    public QueueRequestRecords(StateStore store) {
        this.store = store;
    }

    /**
     * Creates the table if it does not exist yet, and an index of {@code patsnap_source} by fingerprint:
     * every request is a source of its own, so with thousands of them a look-up by fingerprint (at each
     * request, by the intake and by {@link #completed}) must not read the whole table.
     */
    public void migrate() {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS patsnap_queue_request (source VARCHAR(1000) PRIMARY KEY,"
                    + " broker VARCHAR(16) NOT NULL, correlation_id VARCHAR(1000), received_at VARCHAR(40) NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS patsnap_source_by_fingerprint ON patsnap_source (fingerprint)");
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Records a request; a request seen before (a redelivery) keeps its first row. */
    public void remember(Request request, String receivedAt) {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO patsnap_queue_request (source, broker, correlation_id, received_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, request.source());
            ps.setString(2, request.broker());
            ps.setString(3, request.correlationId());
            ps.setString(4, receivedAt);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!StateStore.isDuplicateKey(e)) {
                throw failure(e);
            }
        }
    }

    public Optional<Request> find(String source) {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT broker, correlation_id FROM patsnap_queue_request WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Request(source, rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * Whether an input with this fingerprint has been completed (its report written): a request
     * delivered again after that is a repeat delivery, not new work.
     */
    public boolean completed(String fingerprint) {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM patsnap_source WHERE fingerprint = ? AND completed = TRUE")) {
            ps.setString(1, fingerprint);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static IllegalStateException failure(SQLException e) {
        return new IllegalStateException("queue requests: " + e.getMessage(), e);
    }
}
