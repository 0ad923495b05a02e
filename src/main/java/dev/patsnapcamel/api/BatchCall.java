package dev.patsnapcamel.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import dev.patsnapcamel.flow.LedgerEntry;
import dev.patsnapcamel.flow.SourceTracker;
import dev.patsnapcamel.flow.Status;
import dev.patsnapcamel.flow.WorkItem;
import dev.patsnapcamel.intake.PatentQuery;
import dev.patsnapcamel.ops.PatsnapMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * One PatSnap call for one batch of IDs: builds the request (URL, query, authorization) and turns the
 * answer into one {@link LedgerEntry} per ID, or into a {@link PatsnapCallException} that the routes'
 * error handling treats as the {@link ErrorCodePolicy} says.
 */
public final class BatchCall {

    /** Exchange property: the batch ({@code List<WorkItem>}) being called. */
    public static final String BATCH = "PatsnapBatch";
    /** Exchange property: the endpoint's name, e.g. {@code license}. */
    public static final String ENDPOINT = "PatsnapEndpoint";
    /** Exchange property: the endpoint's path, e.g. {@code /advanced-patent-data/license-data}. */
    public static final String PATH = "PatsnapPath";
    /** Exchange property: the name of the result array in each {@code data[]} item. */
    public static final String RESULT_FIELD = "PatsnapResultField";
    /** Exchange property: when the HTTP call left. */
    public static final String STARTED = "PatsnapCallStartedAt";
    private static final String TOOK = "PatsnapCallTook";

    /** The code PatSnap answers when calls come faster than the account's QPS limit. */
    static final String TOO_FAST = "67200002";

    /** Exchange property: the full URL of the endpoint. */
    public static final String URL = "PatsnapUrl";

    private final PatsnapAccount account;
    private final TokenProvider tokens;
    private final ErrorCodePolicy policy;
    private final SourceTracker tracker;
    private final CallGate gate;
    private final RateGovernor rate;
    private final PatsnapMetrics metrics;
    private final Clock clock;

    public BatchCall(PatsnapAccount account, TokenProvider tokens, ErrorCodePolicy policy, SourceTracker tracker,
            CallGate gate, RateGovernor rate, PatsnapMetrics metrics, Clock clock) {
        this.account = account;
        this.tokens = tokens;
        this.policy = policy;
        this.tracker = tracker;
        this.gate = gate;
        this.rate = rate;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Sets the URL, query string and authorization for calling the endpoint with the exchange's batch. */
    public void prepare(Exchange exchange) {
        List<WorkItem> batch = batch(exchange);
        StringJoiner ids = new StringJoiner(",");
        StringJoiner numbers = new StringJoiner(",");
        for (WorkItem item : batch) {
            PatentQuery q = item.query();
            (q.kind() == PatentQuery.Kind.PATENT_ID ? ids : numbers).add(encode(q.query()));
        }
        StringJoiner query = new StringJoiner("&");
        if (ids.length() > 0) {
            query.add("patent_id=" + ids);
        }
        if (numbers.length() > 0) {
            query.add("patent_number=" + numbers);
        }
        if (!account.apikeyParameter().isEmpty()) {
            query.add("apikey=" + encode(account.apikeyParameter()));
        }
        var message = exchange.getMessage();
        // no intake headers go to PatSnap; Camel's own (e.g. the redelivery counter) stay, the HTTP client filters them
        message.removeHeaders("*", "Camel*");
        message.setBody(null);
        message.setHeader(Exchange.HTTP_METHOD, "GET");
        message.setHeader(Exchange.HTTP_QUERY, query.toString());
        message.setHeader("Authorization", authorization(exchange.getProperty(ENDPOINT, String.class)));
        message.setHeader("Accept", "application/json");
        exchange.setProperty(URL, account.baseUrl() + exchange.getProperty(PATH, String.class));
        tracker.called(exchange.getProperty(ENDPOINT, String.class), batch);
    }

    /** Fails the call when the HTTP status is not 200; the body of such an answer is not the JSON envelope. */
    public void checkHttpStatus(Exchange exchange) {
        Date started = exchange.getProperty(STARTED, Date.class);
        if (started != null) {
            Duration took = Duration.ofMillis(clock.millis() - started.getTime());
            rate.callTook(took.toMillis());
            exchange.setProperty(TOOK, took);
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status != null && status != 200) {
            record(exchange, "HTTP " + status);
            if (status == 401) {
                tokens.refused(exchange.getMessage().getHeader("Authorization", String.class));
            }
            throw failure(exchange, "HTTP " + status, "HTTP status " + status, policy.forHttpStatus(status));
        }
    }

    /**
     * Turns a successful envelope into one ledger entry per ID of the batch; throws for an error code.
     */
    public List<LedgerEntry> answers(ApiEnvelope envelope, Exchange exchange) {
        if (!envelope.succeeded()) {
            long code = envelope.errorCode() == null ? -1 : envelope.errorCode();
            Treatment treatment = policy.forCode(code);
            if (treatment == Treatment.RENEW_TOKEN) {
                tokens.refused(exchange.getMessage().getHeader("Authorization", String.class));
            }
            record(exchange, Long.toString(code));
            throw failure(exchange, Long.toString(code), envelope.errorMsg(), treatment);
        }
        record(exchange, "0");
        String endpoint = exchange.getProperty(ENDPOINT, String.class);
        gate.answered(endpoint);
        String resultField = exchange.getProperty(RESULT_FIELD, String.class);
        Map<String, PatentData> byId = new HashMap<>();
        Map<String, PatentData> byNumber = new HashMap<>();
        for (PatentData item : envelope.items()) {
            if (item.patentId() != null) {
                byId.putIfAbsent(item.patentId().toLowerCase(Locale.ROOT), item);
            }
            if (item.pn() != null) {
                byNumber.putIfAbsent(item.pn().toUpperCase(Locale.ROOT), item);
            }
        }
        Instant now = clock.instant();
        List<WorkItem> batch = batch(exchange);
        List<LedgerEntry> entries = new ArrayList<>(batch.size());
        for (WorkItem work : batch) {
            PatentQuery q = work.query();
            PatentData found = q.kind() == PatentQuery.Kind.PATENT_ID ? byId.get(q.query()) : byNumber.get(q.query());
            if (found == null) {
                entries.add(LedgerEntry.answered(work, endpoint, Status.NOT_FOUND, null, null,
                        JsonNodeFactory.instance.arrayNode(), now));
            } else {
                ArrayNode records = found.records(resultField);
                entries.add(LedgerEntry.answered(work, endpoint, records.isEmpty() ? Status.EMPTY : Status.FOUND,
                        found.pn(), found.patentId(), records, now));
            }
        }
        return entries;
    }

    /**
     * The entries for a batch whose call ended without an answer: {@code rejected} when the API refused
     * the request, {@code failed} otherwise, with the last code and message.
     */
    public List<LedgerEntry> unanswered(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String code;
        String error;
        Status status = Status.FAILED;
        if (cause instanceof PatsnapCallException call) {
            code = call.code();
            error = call.detail();
            if (call.treatment() == Treatment.REJECT || call.treatment() == Treatment.SPLIT_BATCH) {
                status = Status.REJECTED;
            }
        } else {
            code = cause == null ? "UNKNOWN" : "IO";
            error = cause == null ? "unknown failure" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        String endpoint = exchange.getProperty(ENDPOINT, String.class);
        Instant now = clock.instant();
        List<LedgerEntry> entries = new ArrayList<>();
        for (WorkItem work : batch(exchange)) {
            entries.add(LedgerEntry.unanswered(work.sourceKey(), work.source(), endpoint, work.query().query(), status,
                    code, error, now));
        }
        return entries;
    }

    /** Splits the exchange's batch in two halves, to find the IDs that poison it. */
    public List<List<WorkItem>> halves(@ExchangeProperty(BATCH) List<WorkItem> batch) {
        int middle = batch.size() / 2;
        return List.of(List.copyOf(batch.subList(0, middle)), List.copyOf(batch.subList(middle, batch.size())));
    }

    private void record(Exchange exchange, String outcome) {
        metrics.call(exchange.getProperty(ENDPOINT, String.class), outcome, batch(exchange).size(),
                exchange.getProperty(TOOK, Duration.class));
    }

    /** The token or key; a refused token request stops the account like a refused call. */
    private String authorization(String endpoint) {
        try {
            return tokens.authorization();
        } catch (PatsnapCallException.Suspending e) {
            gate.refused(e.treatment(), endpoint, e.code(), e.detail());
            throw e;
        }
    }

    /**
     * The exception for a call that failed with the given code. PatSnap answered, so a stopped gate
     * reopens, unless the answer is itself a stop, which closes the account's or the endpoint's gate.
     */
    private PatsnapCallException failure(Exchange exchange, String code, String message, Treatment treatment) {
        String endpoint = exchange.getProperty(ENDPOINT, String.class);
        PatsnapCallException failure = PatsnapCallException.of(code, message, treatment);
        if (TOO_FAST.equals(code) || "HTTP 429".equals(code)) {
            rate.tooFast();
        }
        if (failure instanceof PatsnapCallException.Suspending) {
            gate.refused(treatment, endpoint, code, message);
        } else {
            gate.answered(endpoint);
        }
        return failure;
    }

    @SuppressWarnings("unchecked")
    private static List<WorkItem> batch(Exchange exchange) {
        return exchange.getProperty(BATCH, List.class);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
