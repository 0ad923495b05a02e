package dev.patsnapcamel.queue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.patsnapcamel.intake.UnreadableInputException;
import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.model.SourceReport;
import dev.patsnapcamel.ops.LogSafe;
import dev.patsnapcamel.state.QueueRequestRecords;
import dev.patsnapcamel.state.QueueRequestRecords.Request;

/**
 * The queue intake's bookkeeping, shared by the JMS and the AMQP consumer: names a request message as a
 * source for the common intake, refuses what cannot be a request, and addresses the answers (one
 * result per ledger line, a completion message with the report) to the broker the request came from,
 * with its correlation id.
 * <p>
 * A request is the text of an ID list in one of the file formats (a text message, or UTF-8 in a bytes
 * message). Its source name and fingerprint are {@code queue:<message id>}, so a message delivered
 * again after a broker or bundle restart resumes where it stopped (the intake skips the IDs it already
 * handed on), and one delivered again after it was completed is recognised and not done twice.
 */
public final class QueueRequests {

    private static final Logger LOG = LoggerFactory.getLogger(QueueRequests.class);

    private final QueueRequestRecords records;
    private final RequestCheck check;
    private final Clock clock;
    private final int maxMessageBytes;
    /** Requests whose answers are still being sent: saves a database look-up per result. */
    private final Map<String, Request> open = new ConcurrentHashMap<>();

    /**
     * The request as it arrived: its message id (or a digest of it when it had none), the headers it
     * came with and its body (a {@code String} for a text message, {@code byte[]} for a bytes message).
     */
    public record Incoming(
            String id, String source, String correlationId, String endpoints, String format, Object body) {}

    /**
     * @param records   the table of requests
     * @param endpoints the configured endpoints ({@code patsnap.endpoints}), which a request may narrow
     * @param clock     for the time a request was received
     */
    public QueueRequests(QueueRequestRecords records, List<String> endpoints, Clock clock) {
        this(records, endpoints, clock, 10 * 1024 * 1024, 256);
    }

    /**
     * @param maxMessageBytes the largest request body taken ({@code intake.queue.max-message-bytes})
     * @param maxHeaderLength the longest message id, correlation id, {@code PatsnapEndpoints} and
     *                        {@code PatsnapFormat} taken ({@code intake.queue.max-header-length})
     */
    public QueueRequests(
            QueueRequestRecords records,
            List<String> endpoints,
            Clock clock,
            int maxMessageBytes,
            int maxHeaderLength) {
        if (maxMessageBytes < 1 || maxHeaderLength < 1) {
            throw new IllegalArgumentException("intake.queue.max-message-bytes and intake.queue.max-header-length "
                    + "must be at least 1, were " + maxMessageBytes + " and " + maxHeaderLength);
        }
        this.records = records;
        this.check = new RequestCheck(List.copyOf(endpoints), maxHeaderLength);
        this.clock = clock;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Prepares a request message for {@code direct:input-read}: sets {@code PatsnapSource} and
     * {@code PatsnapFingerprint} to {@code queue:<message id>}, {@code PatsnapFormat} when the message
     * does not name one (JSON, a CSV text with a {@code patent_number}/{@code patent_id} header
     * row, or plain text), makes the body the message's bytes, and records where its answers go.
     *
     * @throws UnreadableInputException when the message cannot be a request (not a text or bytes message,
     *                                  empty, too large, an unknown format or endpoint in its headers, a
     *                                  header or message id longer than the limit)
     */
    public void describe(Exchange exchange) {
        String broker = exchange.getProperty(Headers.BROKER, String.class);
        if (broker == null) {
            throw new IllegalStateException("the consumer route must set the exchange property " + Headers.BROKER);
        }
        Message in = exchange.getMessage();
        RequestBody body = RequestBody.of(in, maxMessageBytes);
        List<String> problems = new ArrayList<>();
        if (body.problem() != null) {
            problems.add(body.problem());
        }
        byte[] content = body.bytes();
        String correlation = blankToNull(check.header(in, QueueHeaders.CORRELATION_ID, problems));
        String requested = check.header(in, Headers.ENDPOINTS, problems);
        String declared = check.header(in, Headers.FORMAT, problems);
        String messageId = blankToNull(check.header(in, "JMSMessageID", problems));
        String id = messageId != null
                ? messageId
                : "sha256-" + RequestCheck.digest(correlation, requested, declared, content);
        String source = "queue:" + id;

        exchange.setProperty(
                Headers.QUEUE_REQUEST, new Incoming(id, source, correlation, requested, declared, body.original()));
        in.setHeader(Headers.SOURCE, source);
        in.setHeader(Headers.FINGERPRINT, source);
        in.setBody(content);
        // without a correlation id of its own, answers carry the request's message id (the JMS convention)
        Request request = new Request(source, broker, correlation != null ? correlation : messageId);
        records.remember(request, clock.instant().toString());
        open.put(source, request);
        if (messageId == null) {
            LOG.warn("Request {} has no usable message id; it is named by a digest of its content", LogSafe.of(source));
        }

        if (problems.isEmpty()) {
            String problem = check.problem(content, requested, declared);
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new UnreadableInputException(String.join("; ", problems));
        }
        if (declared == null || declared.isBlank()) {
            in.setHeader(Headers.FORMAT, RequestFormat.detect(content));
        }
        detach(exchange);
    }

    /**
     * Makes the request's message a plain one, with the same headers and the body as bytes: the intake
     * copies the exchange for every ID it hands on (and every endpoint), and a copy of a JMS message is
     * a new JMS message each time, its properties and redelivery flag read again. The JMS message itself
     * is not needed any more (the session acknowledges it; the dead letter is made from {@link Incoming}).
     */
    private static void detach(Exchange exchange) {
        Message in = exchange.getMessage();
        DefaultMessage plain = new DefaultMessage(exchange);
        plain.setHeaders(new HashMap<>(in.getHeaders()));
        plain.setBody(in.getBody());
        exchange.setMessage(plain);
    }

    /** Whether this request was completed before: a repeat delivery, acknowledged without doing it again. */
    public boolean alreadyCompleted(@Header(Headers.FINGERPRINT) String fingerprint) {
        if (records.completed(fingerprint)) {
            open.remove(fingerprint);
            return true;
        }
        return false;
    }

    /**
     * Turns the exchange into the dead letter of the request it carries: the request's body as
     * received, its correlation id, endpoints and format headers, {@code PatsnapRequestId} (its message
     * id) and {@code PatsnapError} (why it was refused, taken from the body: the report of the
     * unreadable source).
     */
    public void deadLetter(Exchange exchange) {
        Incoming incoming = exchange.getProperty(Headers.QUEUE_REQUEST, Incoming.class);
        SourceReport report = exchange.getMessage().getBody(SourceReport.class);
        Message out = exchange.getMessage();
        clear(out);
        set(out, QueueHeaders.CORRELATION_ID, incoming.correlationId());
        set(out, Headers.SOURCE, incoming.source());
        set(out, Headers.REQUEST_ID, incoming.id());
        set(out, Headers.ENDPOINTS, incoming.endpoints());
        set(out, Headers.FORMAT, incoming.format());
        set(out, Headers.ERROR, report == null ? "unreadable" : report.error());
        out.setBody(incoming.body());
    }

    /**
     * The ledger lines of queue requests, one list per broker their requests came from (each sent in one
     * transaction of that broker, route {@code results-to-broker}), in the order of the lines; the brokers
     * in the order their first line comes.
     */
    public List<List<LedgerEntry>> byBroker(List<LedgerEntry> lines) {
        Map<String, List<LedgerEntry>> groups = new LinkedHashMap<>();
        for (LedgerEntry line : lines) {
            groups.computeIfAbsent(request(line.source()).broker(), b -> new ArrayList<>())
                    .add(line);
        }
        return List.copyOf(groups.values());
    }

    /** The broker (its component, {@code jms} or {@code amqp}) the requests of these lines came from. */
    public String brokerOf(List<LedgerEntry> lines) {
        return request(lines.get(0).source()).broker();
    }

    /**
     * Addresses one ledger line to the results queue of its request's broker: headers
     * {@code JMSCorrelationID}, {@code PatsnapMessageType=result}, {@code PatsnapSource},
     * {@code PatsnapEndpoint}, {@code PatsnapQuery}, {@code PatsnapStatus}; the body stays the line.
     */
    public void addressResult(Exchange exchange) {
        LedgerEntry line = exchange.getMessage().getBody(LedgerEntry.class);
        Message out = address(exchange, line.source(), "result");
        set(out, Headers.ENDPOINT, line.endpoint());
        set(out, Headers.QUERY, line.query());
        set(out, Headers.STATUS, line.status().label());
    }

    /**
     * Addresses a request's report as its completion message: headers {@code JMSCorrelationID},
     * {@code PatsnapMessageType=completion}, {@code PatsnapSource}, {@code PatsnapStatus}
     * ({@code complete} or {@code unreadable}) and, for an unreadable request, {@code PatsnapError}.
     */
    public void addressCompletion(Exchange exchange) {
        SourceReport report = exchange.getMessage().getBody(SourceReport.class);
        Message out = address(exchange, report.source(), "completion");
        set(out, Headers.STATUS, report.status());
        set(out, Headers.ERROR, report.error());
    }

    /**
     * Clears the outgoing headers, then sets those every answer carries (correlation id, message type,
     * source) and the broker of the source's request; returns the message for the rest.
     */
    private Message address(Exchange exchange, String source, String type) {
        Request request = request(source);
        Message out = exchange.getMessage();
        clear(out);
        set(out, QueueHeaders.CORRELATION_ID, request.correlationId());
        set(out, Headers.MESSAGE_TYPE, type);
        set(out, Headers.SOURCE, source);
        exchange.setProperty(Headers.BROKER, request.broker());
        return out;
    }

    /** The completion message of a request has gone: no more answers will be addressed for it. */
    public void answered(@Header(Headers.SOURCE) String source) {
        open.remove(source);
    }

    private Request request(String source) {
        Request request = open.get(source);
        if (request == null) {
            request = records.find(source)
                    .orElseThrow(() -> new IllegalStateException(
                            "no queue request " + source + " is recorded: cannot address its answer"));
            open.put(source, request);
        }
        return request;
    }

    private static void clear(Message message) {
        QueueHeaders.OUTGOING.forEach(message::removeHeader);
    }

    private static void set(Message message, String name, String value) {
        if (value != null) {
            message.setHeader(name, value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
