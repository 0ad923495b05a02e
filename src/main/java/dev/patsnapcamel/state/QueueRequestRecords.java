package dev.patsnapcamel.state;

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
    public record Request(String source, String broker, String correlationId) {}

    private final Database database;

    public QueueRequestRecords(StateStore store) {
        this.database = store.database();
    }

    /** Records a request; a request seen before (a redelivery) keeps its first row. */
    public void remember(Request request, String receivedAt) {
        database.insertNew(
                "INSERT INTO patsnap_queue_request (source, broker, correlation_id, received_at) VALUES (?, ?, ?, ?)",
                request.source(),
                request.broker(),
                request.correlationId(),
                receivedAt);
    }

    public Optional<Request> find(String source) {
        return database
                .jdbc()
                .query(
                        "SELECT broker, correlation_id FROM patsnap_queue_request WHERE source = ?",
                        (rs, n) -> new Request(source, rs.getString(1), rs.getString(2)),
                        source)
                .stream()
                .findFirst();
    }

    /**
     * Whether an input with this fingerprint has been completed (its report written): a request
     * delivered again after that is a repeat delivery, not new work.
     */
    public boolean completed(String fingerprint) {
        return database.jdbc()
                        .queryForObject(
                                "SELECT COUNT(*) FROM patsnap_source WHERE fingerprint = ? AND completed = TRUE",
                                Long.class,
                                fingerprint)
                > 0;
    }
}
