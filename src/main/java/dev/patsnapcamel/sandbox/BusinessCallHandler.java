package dev.patsnapcamel.sandbox;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Answers the PatSnap data endpoints. Checks run in the gateway's order: method, credentials, path,
 * QPS limit (these answer at once; over the limit: 67200002 in the body, or HTTP 429 with
 * {@code Retry-After}), then — after the call's latency (the configured one, or the realistic profile's
 * draw) — injected faults, the realistic profile's busy answers (67200100), the ID list, rejected
 * patents, and finally the data. Request headers other than {@code Authorization} (such as
 * {@code X-PatSnap-Version}) are ignored, except that the {@code User-Agent} is recorded with the call
 * ({@link CallRecord#userAgent()}), so that a test of several nodes sees which node called.
 *
 * <p>A delayed answer holds no thread while it waits: the handler returns, a timer fires after the
 * latency and a worker writes the prepared answer.
 */
final class BusinessCallHandler implements HttpHandler {

    static final int MAX_IDS_PER_CALL = 100;

    private static final Logger LOG = LoggerFactory.getLogger(BusinessCallHandler.class);

    /** An answer and whether it waits for the configured latency. */
    private record Outcome(Reply reply, boolean delayed) {
        static Outcome now(Reply reply) {
            return new Outcome(reply, false);
        }

        static Outcome later(Reply reply) {
            return new Outcome(reply, true);
        }
    }

    private final SandboxSettings settings;
    private final SandboxStats stats;
    private final CallAuthenticator authenticator;
    private final QpsWindow qpsWindow;
    private final ScheduledExecutorService timer;
    private final Executor writers;

    BusinessCallHandler(
            SandboxSettings settings,
            SandboxStats stats,
            CallAuthenticator authenticator,
            ScheduledExecutorService timer,
            Executor writers) {
        this.settings = settings;
        this.stats = stats;
        this.qpsWindow = new QpsWindow(stats);
        this.authenticator = authenticator;
        this.timer = timer;
        this.writers = writers;
    }

    @Override
    public void handle(HttpExchange exchange) {
        long startedAt = System.currentTimeMillis();
        // PatSnap counts a call when it arrives: before this handler parses, authenticates or looks anything up
        long arrivedNanos = System.nanoTime();
        if ("/".equals(exchange.getRequestURI().getPath())) {
            // the gateway's root, as the bundle's start-up warm-up asks for it: no API call, not counted
            send(exchange, Reply.plain(404, "Not Found"));
            return;
        }
        stats.callArrived();
        String path = exchange.getRequestURI().getPath();
        QueryParams params = QueryParams.parse(exchange.getRequestURI().getRawQuery());
        List<String> ids = new ArrayList<>(params.commaList("patent_id"));
        ids.addAll(params.commaList("patent_number"));
        RealisticProfile.Draw timing = timing();

        Outcome outcome;
        try {
            outcome = answer(exchange, path, params, ids, startedAt, arrivedNanos, timing.busy());
        } catch (RuntimeException e) {
            LOG.warn("Sandbox failed to answer a call to {}", path, e);
            outcome = Outcome.now(Reply.plain(500, "Internal Server Error"));
        }
        Reply reply = outcome.reply();
        stats.record(new CallRecord(
                path,
                ids,
                startedAt,
                reply.errorCode(),
                reply.httpStatus(),
                exchange.getRequestHeaders().getFirst("User-Agent")));

        long delay = outcome.delayed() ? timing.delayMs() : 0;
        if (delay <= 0) {
            send(exchange, reply);
        } else {
            try {
                timer.schedule(() -> sendOnWorker(exchange, reply), delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                abandon(exchange);
            }
        }
    }

    private Outcome answer(
            HttpExchange exchange,
            String path,
            QueryParams params,
            List<String> ids,
            long now,
            long arrivedNanos,
            boolean busy) {
        boolean jsonErrors = settings.errorBodies() == SandboxSettings.ErrorBodies.JSON;
        if (!"GET".equals(exchange.getRequestMethod())) {
            return Outcome.now(Reply.httpError(405, "Method Not Allowed", jsonErrors));
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Optional<Reply> refusal = authenticator.refusal(authorization, params.first("apikey"), now);
        if (refusal.isPresent()) {
            return Outcome.now(refusal.get());
        }
        Optional<Endpoint> endpoint = Endpoint.byPath(path);
        if (endpoint.isEmpty()) {
            return Outcome.now(Reply.error(ErrorCodes.PATH_NOT_FOUND));
        }
        if (!qpsWindow.tryAdmit(settings.qpsLimit(), now, arrivedNanos)) {
            stats.rateLimitedCall();
            return Outcome.now(
                    settings.rateLimitAnswer() == SandboxSettings.RateLimitAnswer.HTTP_429
                            ? tooManyRequests(Reply.httpError(429, "Too Many Requests", true))
                            : Reply.error(ErrorCodes.RATE_TOO_FAST));
        }
        Optional<Injections.Fault> fault =
                settings.injections().take(endpoint.get().path());
        if (fault.isPresent()) {
            Injections.Fault injected = fault.get();
            if (!injected.isHttpStatus()) {
                return Outcome.later(Reply.error(injected.errorCode()));
            }
            Reply status = Reply.httpError(
                    injected.httpStatus(),
                    "HTTP " + injected.httpStatus() + " (injected by the PatSnap sandbox)",
                    jsonErrors);
            return Outcome.later(injected.httpStatus() == 429 ? tooManyRequests(status) : status);
        }
        if (busy) {
            return Outcome.later(Reply.error(ErrorCodes.SERVER_BUSY));
        }
        if (!validIds(params, ids)) {
            return Outcome.later(Reply.error(ErrorCodes.INVALID_PARAMETER));
        }
        Optional<Long> rejection = settings.injections().rejection(ids);
        if (rejection.isPresent()) {
            return Outcome.later(Reply.error(rejection.get()));
        }
        ObjectNode envelope = envelope(endpoint.get(), ids, settings.dataGeneration());
        // PatSnap bills every result it returns: each patent of data[]
        stats.billed(endpoint.get().path(), envelope.get("data").size(), now);
        return Outcome.later(Reply.json(envelope));
    }

    /** A 429 answer with the configured {@code Retry-After} (none when it is 0). */
    private Reply tooManyRequests(Reply reply) {
        int retryAfter = settings.retryAfterSeconds();
        return retryAfter > 0 ? reply.withHeader("Retry-After", Integer.toString(retryAfter)) : reply;
    }

    private static boolean validIds(QueryParams params, List<String> ids) {
        return params.wellFormed()
                && !ids.isEmpty()
                && ids.size() <= MAX_IDS_PER_CALL
                && params.commaList("patent_id").stream().allMatch(PatentRef::isPatentId);
    }

    /**
     * {@code {"data": [...], "status": true, "error_code": 0}}, one item per distinct known patent (a
     * patent asked by its number and by its id in one call comes back once).
     */
    private static ObjectNode envelope(Endpoint endpoint, List<String> ids, int generation) {
        ObjectNode body = Reply.JSON.createObjectNode();
        ArrayNode data = body.putArray("data");
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            PatentRef.of(id)
                    .filter(patent -> seen.add(patent.pn() + "|" + patent.patentId()))
                    .flatMap(patent -> SandboxData.patent(endpoint, patent, generation))
                    .ifPresent(data::add);
        }
        body.put("status", true);
        body.put("error_code", 0);
        return body;
    }

    /** This call's delay and, in the realistic profile, whether it answers 67200100. */
    private RealisticProfile.Draw timing() {
        if (settings.profile() == SandboxSettings.Profile.REALISTIC) {
            return RealisticProfile.draw(ThreadLocalRandom.current(), settings.timeScale());
        }
        long latency = settings.latencyMs();
        long jitter = settings.latencyJitterMs();
        if (jitter > 0) {
            latency += ThreadLocalRandom.current().nextLong(-jitter, jitter + 1);
        }
        return new RealisticProfile.Draw(Math.max(0, latency), false);
    }

    /** A delayed answer, sent by a writer thread after the handler has returned (see {@link #send}). */
    private void sendOnWorker(HttpExchange exchange, Reply reply) {
        try {
            writers.execute(() -> {
                exchange.getResponseHeaders().set("Connection", "close");
                send(exchange, reply);
            });
        } catch (RejectedExecutionException shuttingDown) {
            abandon(exchange);
        }
    }

    /** The server is closing: drop the call without an answer. */
    private void abandon(HttpExchange exchange) {
        exchange.close();
        stats.callAnswered();
    }

    /**
     * Every answer closes its connection: the JDK's HTTP server can lose the next request of a kept-alive
     * connection when the client sends it at once (seen with Vert.x's client, which reuses connections at
     * once: delayed answers lost about one call in 200, answers sent at once 15 in 3,000 calls of
     * {@code IDS=100000 bench/million-ids}, each waiting out the response time-out). PatSnap's own gateway
     * keeps connections alive; the bundle's client works either way.
     */
    private void send(HttpExchange exchange, Reply reply) {
        try {
            exchange.getResponseHeaders().set("Connection", "close");
            reply.sendTo(exchange);
        } catch (Exception e) {
            LOG.debug("Sandbox could not deliver an answer (client gone?): {}", e.toString());
        } finally {
            stats.callAnswered();
        }
    }
}
