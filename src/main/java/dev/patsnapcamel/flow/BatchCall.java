package dev.patsnapcamel.flow;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

import dev.patsnapcamel.api.AnswerReader;
import dev.patsnapcamel.api.ApiClientSettings;
import dev.patsnapcamel.api.ApiEnvelope;
import dev.patsnapcamel.api.CallGate;
import dev.patsnapcamel.api.ErrorCodePolicy;
import dev.patsnapcamel.api.PatsnapAccount;
import dev.patsnapcamel.api.PatsnapCallException;
import dev.patsnapcamel.api.RateGovernor;
import dev.patsnapcamel.api.RetryAfter;
import dev.patsnapcamel.api.TokenProvider;
import dev.patsnapcamel.api.Treatment;
import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.model.PatentQuery;
import dev.patsnapcamel.model.WorkItem;
import dev.patsnapcamel.ops.PatsnapMetrics;

/**
 * One PatSnap call for one batch of IDs: builds the request (URL, query, authorization) and turns the
 * answer into one {@link LedgerEntry} per ID, or into a {@link PatsnapCallException} that the routes'
 * error handling treats as the {@link ErrorCodePolicy} says.
 * <p>
 * Its size (about 290 lines) is kept on purpose: it is the bean the call routes name for each step of
 * one call (prepare, authorize, check the status, read the answer, give up), and the steps share the
 * exchange properties declared here. The parts with a job of their own are apart: the entries per ID
 * ({@link BatchEntries}) and the credential's renewal ({@link CallCredential}).
 */
public final class BatchCall {

    /** The code PatSnap answers when calls come faster than the account's QPS limit. */
    static final String TOO_FAST = "67200002";

    private final PatsnapAccount account;
    private final CallCredential credentials;
    private final ErrorCodePolicy policy;
    private final SourceTracker tracker;
    private final CallGate gate;
    private final RateGovernor rate;
    private final PatsnapMetrics metrics;
    private final Clock clock;
    private final ApiClientSettings settings;
    private final AnswerReader reader;

    public BatchCall(
            PatsnapAccount account,
            TokenProvider tokens,
            ErrorCodePolicy policy,
            SourceTracker tracker,
            CallGate gate,
            RateGovernor rate,
            PatsnapMetrics metrics,
            Clock clock) {
        this(account, ApiClientSettings.defaults(), tokens, policy, tracker, gate, rate, metrics, clock);
    }

    public BatchCall(
            PatsnapAccount account,
            ApiClientSettings settings,
            TokenProvider tokens,
            ErrorCodePolicy policy,
            SourceTracker tracker,
            CallGate gate,
            RateGovernor rate,
            PatsnapMetrics metrics,
            Clock clock) {
        this.settings = settings;
        this.reader = new AnswerReader(settings);
        this.account = account;
        this.credentials = new CallCredential(tokens, gate);
        this.policy = policy;
        this.tracker = tracker;
        this.gate = gate;
        this.rate = rate;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Sets the URL, the query (without a credential) and the headers for calling the endpoint with the
     * exchange's batch, and makes sure there is a credential: a token request can take a moment, and a
     * refused one stops the account before the call waits for its turn.
     */
    public void prepare(Exchange exchange) {
        List<WorkItem> batch = batch(exchange);
        // the same ID of two sources in one batch is asked once: the answer settles both
        Set<String> ids = new LinkedHashSet<>();
        Set<String> numbers = new LinkedHashSet<>();
        for (WorkItem item : batch) {
            PatentQuery q = item.query();
            (q.kind() == PatentQuery.Kind.PATENT_ID ? ids : numbers).add(encode(q.query()));
        }
        StringJoiner query = new StringJoiner("&");
        if (!ids.isEmpty()) {
            query.add("patent_id=" + String.join(",", ids));
        }
        if (!numbers.isEmpty()) {
            query.add("patent_number=" + String.join(",", numbers));
        }
        var message = exchange.getMessage();
        // no intake headers go to PatSnap; Camel's own (e.g. the redelivery counter) stay, the HTTP client filters them
        message.removeHeaders("*", "Camel*");
        message.removeHeader(Exchange.REDELIVERY_DELAY);
        message.removeHeader(Exchange.HTTP_QUERY);
        message.setBody(null);
        message.setHeader(Exchange.HTTP_METHOD, "GET");
        message.setHeader("Accept", "application/json");
        message.setHeader(ApiClientSettings.VERSION_HEADER, ApiClientSettings.API_VERSION);
        message.setHeader("User-Agent", settings.userAgent());
        exchange.setProperty(Headers.CALL_QUERY, query.toString());
        exchange.setProperty(Headers.CALL_URL, account.baseUrl() + exchange.getProperty(Headers.PATH, String.class));
        credentials.current(exchange.getProperty(Headers.ENDPOINT, String.class));
        tracker.called(exchange.getProperty(Headers.ENDPOINT, String.class), batch);
    }

    /**
     * Puts the credential on the request right before it leaves (after the wait for a rate slot): the
     * token is renewed here when it has come within its renewal margin while the call waited. The route
     * removes the {@code Authorization} header and the query again as soon as the call returns.
     */
    public void authorize(Exchange exchange) {
        TokenProvider.Credential credential = credentials.current(exchange.getProperty(Headers.ENDPOINT, String.class));
        String query = exchange.getProperty(Headers.CALL_QUERY, String.class);
        if (!credential.queryKey().isEmpty()) {
            query = query + "&apikey=" + encode(credential.queryKey());
        }
        var message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_QUERY, query);
        if (credential.authorization() == null) {
            message.removeHeader("Authorization");
        } else {
            message.setHeader("Authorization", credential.authorization());
        }
        exchange.setProperty(Headers.CREDENTIAL, credential.generation());
    }

    /**
     * Fails the call when the HTTP status is not 200. Such an answer's body is read (capped) only for its
     * message: the status decides what happens. HTTP 401 renews the token once, then stops the account;
     * HTTP 429 slows down, and its {@code Retry-After} is the least wait before the call is repeated.
     */
    public void checkHttpStatus(Exchange exchange) {
        Date started = exchange.getProperty(Headers.CALL_STARTED_AT, Date.class);
        if (started != null) {
            Duration took = Duration.ofMillis(clock.millis() - started.getTime());
            exchange.setProperty(Headers.CALL_TOOK, took);
        }
        var message = exchange.getMessage();
        Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null || status == 200) {
            return;
        }
        String code = "HTTP " + status;
        String detail = "HTTP status " + status + errorDetail(message.getBody());
        Treatment treatment = policy.forHttpStatus(status);
        if (status >= 300 && status < 400) {
            detail += "; redirects are not followed (check patsnap.base-url)";
        }
        record(exchange, code);
        // a refused token is renewed once; other statuses say nothing about the credential (a gateway can
        // answer them before it looks at it)
        if (treatment == Treatment.RENEW_TOKEN) {
            treatment = credentials.afterRefusal(exchange);
            detail = treatment == Treatment.STOP_ACCOUNT ? CallCredential.refused(detail) : detail;
        }
        if (treatment == Treatment.RETRY) {
            waitAsAsked(exchange, message.getHeader("Retry-After", String.class));
        }
        throw failure(exchange, code, detail, treatment);
    }

    /**
     * Turns a successful answer into one ledger entry per ID of the batch; throws for an error code, and
     * for an answer that is not the documented envelope ({@code PROTOCOL}) or is too large
     * ({@code ANSWER_TOO_LARGE}): neither is ever read as "not found" or "empty".
     */
    public List<LedgerEntry> answers(Exchange exchange) {
        String resultField = exchange.getProperty(Headers.RESULT_FIELD, String.class);
        ApiEnvelope envelope;
        try {
            envelope = ApiEnvelope.of(reader.json(exchange.getMessage().getBody()), resultField);
        } catch (AnswerReader.Failure unusable) {
            record(exchange, unusable.code());
            throw failure(exchange, unusable.code(), unusable.getMessage(), policy.forCode(unusable.code()));
        }
        if (!envelope.succeeded()) {
            String code = envelope.errorCode() == null ? AnswerReader.PROTOCOL : envelope.errorCode();
            String detail = envelope.errorCode() == null
                    ? "status false without an error code"
                            + (envelope.errorMsg() == null ? "" : ": " + envelope.errorMsg())
                    : envelope.errorMsg();
            Treatment treatment = policy.forCode(code);
            if (treatment == Treatment.RENEW_TOKEN) {
                treatment = credentials.afterRefusal(exchange);
                detail = treatment == Treatment.STOP_ACCOUNT ? CallCredential.refused(detail) : detail;
            } else {
                credentials.accepted(exchange);
            }
            record(exchange, code);
            throw failure(exchange, code, detail, treatment);
        }
        record(exchange, "0");
        credentials.accepted(exchange);
        String endpoint = exchange.getProperty(Headers.ENDPOINT, String.class);
        gate.answered(endpoint);
        // every patent of data[] is a billed result (the budget settles the call's reservation with them)
        exchange.setProperty(Headers.BILLED, BilledShare.of(batch(exchange), envelope.items()));
        return BatchEntries.answered(batch(exchange), endpoint, envelope.items(), clock.instant());
    }

    /**
     * The entries for a batch whose call ended without an answer: {@code rejected} when the API refused
     * the request, {@code failed} otherwise, with the last code and message.
     */
    public List<LedgerEntry> unanswered(Exchange exchange) {
        return BatchEntries.unanswered(
                batch(exchange),
                exchange.getProperty(Headers.ENDPOINT, String.class),
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class),
                clock.instant());
    }

    /** Splits the exchange's batch in two halves, to find the IDs that poison it. */
    public List<List<WorkItem>> halves(@ExchangeProperty(Headers.BATCH) List<WorkItem> batch) {
        int middle = batch.size() / 2;
        return List.of(List.copyOf(batch.subList(0, middle)), List.copyOf(batch.subList(middle, batch.size())));
    }

    private void record(Exchange exchange, String outcome) {
        metrics.call(
                exchange.getProperty(Headers.ENDPOINT, String.class),
                outcome,
                batch(exchange).size(),
                exchange.getProperty(Headers.CALL_TOOK, Duration.class));
    }

    /**
     * A {@code Retry-After} on a transient answer: the redelivery of this call waits at least that long (at
     * most {@code patsnap.retry.max-retry-after}), and never less than its back-off would.
     */
    private void waitAsAsked(Exchange exchange, String retryAfter) {
        RetryAfter.parse(retryAfter, clock.instant()).ifPresent(wait -> {
            int redeliveries = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
            long asked = Math.min(wait.toMillis(), settings.maxRetryAfter().toMillis());
            exchange.getMessage()
                    .setHeader(Exchange.REDELIVERY_DELAY, Math.max(asked, settings.backOffMillis(redeliveries)));
        });
    }

    /** What an error answer's body says: its code and message when it is JSON, else the start of its text. */
    private String errorDetail(Object body) {
        String text = reader.text(body, 300);
        if (text.isEmpty()) {
            return "";
        }
        try {
            ApiEnvelope head = ApiEnvelope.head(reader.json(text));
            String code = head.errorCode() == null ? "" : head.errorCode() + " ";
            String msg = head.errorMsg() == null ? "" : head.errorMsg();
            return (code + msg).isBlank() ? "" : ": " + (code + msg).strip();
        } catch (RuntimeException notJson) {
            return ": " + text;
        }
    }

    /**
     * The exception for a call that failed with the given code. PatSnap answered, so a stopped gate
     * reopens, unless the answer is itself a stop, which closes the account's or the endpoint's gate, or a
     * refused token, which is renewed and leaves the gates as they are.
     */
    private PatsnapCallException failure(Exchange exchange, String code, String message, Treatment treatment) {
        String endpoint = exchange.getProperty(Headers.ENDPOINT, String.class);
        PatsnapCallException failure = PatsnapCallException.of(code, message, treatment);
        if (TOO_FAST.equals(code) || "HTTP 429".equals(code)) {
            rate.tooFast();
        }
        if (failure instanceof PatsnapCallException.Suspending) {
            gate.refused(treatment, endpoint, code, message);
        } else if (treatment != Treatment.RENEW_TOKEN) {
            // a refused token says nothing good about the account: an older token of a call that was under
            // way when a renewed one was refused (and the account stopped) must not reopen it
            gate.answered(endpoint);
        }
        return failure;
    }

    @SuppressWarnings("unchecked")
    private static List<WorkItem> batch(Exchange exchange) {
        return exchange.getProperty(Headers.BATCH, List.class);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
