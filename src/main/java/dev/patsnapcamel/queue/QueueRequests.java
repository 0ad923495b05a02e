package dev.patsnapcamel.queue;

import dev.patsnapcamel.model.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.patsnapcamel.flow.IntakeReader;
import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.model.SourceReport;
import dev.patsnapcamel.intake.UnreadableInputException;
import dev.patsnapcamel.ops.LogSafe;
import dev.patsnapcamel.state.QueueRequestRecords;
import dev.patsnapcamel.state.QueueRequestRecords.Request;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Set<String> FORMATS = Set.of("txt", "csv", "json");

    private final QueueRequestRecords records;
    private final List<String> endpoints;
    private final Clock clock;
    private final int maxMessageBytes;
    private final int maxHeaderLength;
    /** Requests whose answers are still being sent: saves a database look-up per result. */
    private final Map<String, Request> open = new ConcurrentHashMap<>();

    /**
     * The request as it arrived: its message id (or a digest of it when it had none), the headers it
     * came with and its body (a {@code String} for a text message, {@code byte[]} for a bytes message).
     */
    public record Incoming(String id, String source, String correlationId, String endpoints, String format, Object body) {
    }

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
    public QueueRequests(QueueRequestRecords records, List<String> endpoints, Clock clock, int maxMessageBytes,
            int maxHeaderLength) {
        if (maxMessageBytes < 1 || maxHeaderLength < 1) {
            throw new IllegalArgumentException("intake.queue.max-message-bytes and intake.queue.max-header-length "
                    + "must be at least 1, were " + maxMessageBytes + " and " + maxHeaderLength);
        }
        this.records = records;
        this.endpoints = List.copyOf(endpoints);
        this.clock = clock;
        this.maxMessageBytes = maxMessageBytes;
        this.maxHeaderLength = maxHeaderLength;
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
        Content body = read(in);
        List<String> problems = new ArrayList<>();
        if (body.problem() != null) {
            problems.add(body.problem());
        }
        byte[] content = body.bytes();
        String correlation = blankToNull(header(in, QueueHeaders.CORRELATION_ID, problems));
        String requested = header(in, Headers.ENDPOINTS, problems);
        String declared = header(in, Headers.FORMAT, problems);
        String messageId = blankToNull(header(in, "JMSMessageID", problems));
        String id = messageId != null ? messageId : "sha256-" + digest(correlation, requested, declared, content);
        String source = "queue:" + id;

        exchange.setProperty(Headers.QUEUE_REQUEST, new Incoming(id, source, correlation, requested, declared, body.original()));
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
            String problem = check(content, requested, declared);
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new UnreadableInputException(String.join("; ", problems));
        }
        if (declared == null || declared.isBlank()) {
            in.setHeader(Headers.FORMAT, detectFormat(content));
        }
    }

    /**
     * The body of a request: read from the JMS message itself (a text or a bytes message; never an
     * object message's body, which would be Java deserialization), at most {@code maxMessageBytes}
     * (a bytes message's length is checked before it is read). What is refused keeps an empty body.
     */
    private Content read(Message in) {
        jakarta.jms.Message jms = in instanceof JmsMessage m ? m.getJmsMessage() : null;
        if (jms == null) {
            // not from a JMS consumer: the Camel body as it is
            Object body = in.getBody();
            if (body instanceof byte[] bytes) {
                return bytes.length > maxMessageBytes ? tooLarge(bytes.length) : new Content(bytes, bytes, null);
            }
            return text(body == null ? "" : in.getBody(String.class));
        }
        try {
            if (jms instanceof jakarta.jms.TextMessage text) {
                return text(text.getText());
            }
            if (jms instanceof jakarta.jms.BytesMessage bytes) {
                long length = bytes.getBodyLength();
                if (length > maxMessageBytes) {
                    return tooLarge(length);
                }
                bytes.reset();
                byte[] content = new byte[(int) length];
                bytes.readBytes(content);
                return new Content(content, content, null);
            }
        } catch (jakarta.jms.JMSException e) {
            return new Content("", new byte[0], "cannot read the message body (" + e.getMessage() + ")");
        }
        String kind = unsupportedKind(jms);
        if (kind != null) {
            return new Content("", new byte[0], kind + ": a request is a text or a bytes message");
        }
        return new Content("", new byte[0], null);
    }

    private Content text(String text) {
        String value = text == null ? "" : text;
        if (value.length() > maxMessageBytes) {
            return tooLarge(value.length());
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return bytes.length > maxMessageBytes ? tooLarge(bytes.length) : new Content(value, bytes, null);
    }

    private Content tooLarge(long size) {
        return new Content("", new byte[0], "message body of at least " + size
                + " bytes is larger than intake.queue.max-message-bytes (" + maxMessageBytes + ")");
    }

    /**
     * A header of the request, or null when it is not set or longer than {@code maxHeaderLength}: then
     * the problem is noted (the value is neither stored nor echoed).
     */
    private String header(Message in, String name, List<String> problems) {
        String value = in.getHeader(name, String.class);
        if (value != null && value.length() > maxHeaderLength) {
            problems.add(name + " is longer than intake.queue.max-header-length (" + value.length() + " > "
                    + maxHeaderLength + " characters)");
            return null;
        }
        return value;
    }

    /** A request's body: as received (for the dead-letter queue), as bytes for the intake, and why it is refused. */
    private record Content(Object original, byte[] bytes, String problem) {
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
     * Addresses one ledger line to the results queue of its request's broker: headers
     * {@code JMSCorrelationID}, {@code PatsnapMessageType=result}, {@code PatsnapSource},
     * {@code PatsnapEndpoint}, {@code PatsnapQuery}, {@code PatsnapStatus}; the body stays the line.
     */
    public void addressResult(Exchange exchange) {
        LedgerEntry line = exchange.getMessage().getBody(LedgerEntry.class);
        Request request = request(line.source());
        Message out = exchange.getMessage();
        clear(out);
        set(out, QueueHeaders.CORRELATION_ID, request.correlationId());
        set(out, Headers.MESSAGE_TYPE, "result");
        set(out, Headers.SOURCE, line.source());
        set(out, Headers.ENDPOINT, line.endpoint());
        set(out, Headers.QUERY, line.query());
        set(out, Headers.STATUS, line.status().label());
        exchange.setProperty(Headers.BROKER, request.broker());
    }

    /**
     * Addresses a request's report as its completion message: headers {@code JMSCorrelationID},
     * {@code PatsnapMessageType=completion}, {@code PatsnapSource}, {@code PatsnapStatus}
     * ({@code complete} or {@code unreadable}) and, for an unreadable request, {@code PatsnapError}.
     */
    public void addressCompletion(Exchange exchange) {
        SourceReport report = exchange.getMessage().getBody(SourceReport.class);
        Request request = request(report.source());
        Message out = exchange.getMessage();
        clear(out);
        set(out, QueueHeaders.CORRELATION_ID, request.correlationId());
        set(out, Headers.MESSAGE_TYPE, "completion");
        set(out, Headers.SOURCE, report.source());
        set(out, Headers.STATUS, report.status());
        set(out, Headers.ERROR, report.error());
        exchange.setProperty(Headers.BROKER, request.broker());
    }

    /** The completion message of a request has gone: no more answers will be addressed for it. */
    public void answered(@Header(Headers.SOURCE) String source) {
        open.remove(source);
    }

    private Request request(String source) {
        Request request = open.get(source);
        if (request == null) {
            request = records.find(source).orElseThrow(() -> new IllegalStateException("no queue request " + source
                    + " is recorded: cannot address its answer"));
            open.put(source, request);
        }
        return request;
    }

    /** What is wrong with a request's content or headers, or null. */
    private String check(byte[] content, String requested, String declared) {
        if (firstContent(content) < 0) {
            return "empty message: no IDs";
        }
        if (declared != null && !declared.isBlank() && !FORMATS.contains(declared.trim().toLowerCase(Locale.ROOT))) {
            return Headers.FORMAT + " '" + declared + "' is none of txt, csv, json";
        }
        if (requested != null) {
            Set<String> unknown = new LinkedHashSet<>();
            for (String name : requested.split(",")) {
                if (!name.isBlank() && !endpoints.contains(name.trim())) {
                    unknown.add(name.trim());
                }
            }
            if (!unknown.isEmpty()) {
                return Headers.ENDPOINTS + " names " + unknown + ", not configured (patsnap.endpoints: "
                        + String.join(",", endpoints) + ")";
            }
        }
        return null;
    }

    /**
     * The format of a request that does not name one: {@code json} when it starts with {@code [} (or
     * {@code {}, which then is refused as not an array),
     * {@code csv} when its first line has a {@code patent_number} or {@code patent_id} column, else {@code txt}.
     */
    static String detectFormat(byte[] content) {
        int start = firstContent(content);
        if (start >= 0 && (content[start] == '[' || content[start] == '{')) {
            return "json";
        }
        int end = start;
        while (end >= 0 && end < content.length && end - start < 4096 && content[end] != '\n' && content[end] != '\r') {
            end++;
        }
        if (start >= 0) {
            String firstLine = new String(content, start, end - start, StandardCharsets.UTF_8);
            for (String cell : firstLine.split("[,;]")) {
                String name = cell.trim().replace("\"", "").toLowerCase(Locale.ROOT);
                if (name.equals("patent_number") || name.equals("patent_id")) {
                    return "csv";
                }
            }
        }
        return "txt";
    }

    /** The index of the first byte that is not white space or a UTF-8 byte order mark, or -1. */
    private static int firstContent(byte[] content) {
        int i = content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb
                && (content[2] & 0xff) == 0xbf ? 3 : 0;
        for (; i < content.length; i++) {
            if (!Character.isWhitespace(content[i])) {
                return i;
            }
        }
        return -1;
    }

    /** The kind of a JMS message that cannot carry an ID list, or null for text, bytes and body-less messages. */
    private static String unsupportedKind(jakarta.jms.Message message) {
        if (message instanceof jakarta.jms.ObjectMessage) {
            return "an object message";
        }
        if (message instanceof jakarta.jms.MapMessage) {
            return "a map message";
        }
        if (message instanceof jakarta.jms.StreamMessage) {
            return "a stream message";
        }
        return null;
    }

    private static String digest(String correlation, String endpoints, String format, byte[] content) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] { correlation, endpoints, format }) {
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(content)).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
