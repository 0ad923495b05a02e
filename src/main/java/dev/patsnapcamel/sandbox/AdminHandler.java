package dev.patsnapcamel.sandbox;

import java.io.IOException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Sandbox-only extras: {@code GET /_sandbox/stats}, {@code GET /_sandbox/calls} (one line per recorded
 * business call: arrival time in epoch ms, path, error code), {@code POST /_sandbox/reset}, and the fault
 * switches for demos and scripts: {@code POST /_sandbox/inject?code=67200005[&times=3][&path=/...]}
 * (an error code, or {@code http=503} for an HTTP status; {@code times} defaults to until cleared) and
 * {@code POST /_sandbox/clear}; {@code POST /_sandbox/inject?statement-skew=5} makes the usage statement bill
 * 5 results more per path than were answered (undone by {@code clear}); the real-service rehearsal switches ({@link SandboxSwitches}, e.g.
 * {@code POST /_sandbox/inject?token-answer=wrapped&rate-limit-answer=http-429}, kept until set again,
 * not undone by {@code clear}; {@code GET /_sandbox/switches} shows them); and the data generation ({@code GET /_sandbox/data},
 * {@code POST /_sandbox/data?generation=1}), to make the data change between two runs of a watch list.
 */
final class AdminHandler implements HttpHandler {

    static final String STATS = "/_sandbox/stats";
    static final String RESET = "/_sandbox/reset";
    static final String CALLS = "/_sandbox/calls";
    static final String INJECT = "/_sandbox/inject";
    static final String CLEAR = "/_sandbox/clear";
    static final String DATA = "/_sandbox/data";
    static final String SWITCHES = "/_sandbox/switches";

    private final SandboxStats stats;
    private final SandboxSettings settings;

    AdminHandler(SandboxStats stats, SandboxSettings settings) {
        this.stats = stats;
        this.settings = settings;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        Reply reply;
        if (STATS.equals(path) && "GET".equals(method)) {
            reply = Reply.json(Reply.JSON.valueToTree(stats.toMap()));
        } else if (CALLS.equals(path) && "GET".equals(method)) {
            StringBuilder lines = new StringBuilder();
            for (CallRecord call : stats.calls()) {
                lines.append(call.startedAtMillis())
                        .append(' ')
                        .append(call.path())
                        .append(' ')
                        .append(call.errorCode())
                        .append('\n');
            }
            reply = Reply.plain(200, lines.toString());
        } else if (RESET.equals(path) && "POST".equals(method)) {
            stats.reset();
            ObjectNode done = Reply.JSON.createObjectNode().put("status", true);
            reply = Reply.json(done);
        } else if (INJECT.equals(path) && "POST".equals(method)) {
            reply = inject(QueryParams.parse(exchange.getRequestURI().getRawQuery()));
        } else if (CLEAR.equals(path) && "POST".equals(method)) {
            settings.clearInjections();
            reply = Reply.json(Reply.JSON.createObjectNode().put("status", true));
        } else if (SWITCHES.equals(path) && "GET".equals(method)) {
            reply = Reply.json(Reply.JSON.valueToTree(SandboxSwitches.current(settings)));
        } else if (DATA.equals(path) && "GET".equals(method)) {
            reply = Reply.json(Reply.JSON.createObjectNode().put("generation", settings.dataGeneration()));
        } else if (DATA.equals(path) && "POST".equals(method)) {
            reply = generation(QueryParams.parse(exchange.getRequestURI().getRawQuery()));
        } else if (STATS.equals(path)
                || RESET.equals(path)
                || INJECT.equals(path)
                || CLEAR.equals(path)
                || DATA.equals(path)
                || SWITCHES.equals(path)) {
            reply = Reply.plain(405, "Method Not Allowed");
        } else {
            reply = Reply.plain(404, "Not Found");
        }
        reply.sendTo(exchange);
    }

    private Reply generation(QueryParams params) {
        try {
            settings.dataGeneration(Integer.parseInt(String.valueOf(params.first("generation"))));
        } catch (IllegalArgumentException e) {
            return Reply.plain(400, "give generation=<number, 0 or more>");
        }
        return Reply.json(
                Reply.JSON.createObjectNode().put("status", true).put("generation", settings.dataGeneration()));
    }

    private Reply inject(QueryParams params) {
        String path = params.first("path");
        String times = params.first("times");
        try {
            int count = times == null ? -1 : Integer.parseInt(times);
            int switches = SandboxSwitches.apply(settings, params::first);
            if (params.first("http") != null) {
                settings.injectHttpStatus(path, Integer.parseInt(params.first("http")), count);
            } else if (params.first("code") != null) {
                settings.injectError(path, Long.parseLong(params.first("code")), count);
            } else if (params.first("statement-skew") != null) {
                settings.statementSkew(Long.parseLong(params.first("statement-skew")));
            } else if (switches == 0) {
                return Reply.plain(
                        400,
                        "give code=<error code>, http=<status>, statement-skew=<results> or a switch: "
                                + String.join(", ", SandboxSwitches.NAMES));
            }
        } catch (IllegalArgumentException e) {
            return Reply.plain(400, "bad injection: " + e.getMessage());
        }
        return Reply.json(Reply.JSON.createObjectNode().put("status", true));
    }
}
