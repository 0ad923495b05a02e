package dev.patsnapcamel.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/**
 * Sandbox-only extras: {@code GET /_sandbox/stats}, {@code GET /_sandbox/calls} (one line per recorded
 * business call: arrival time in epoch ms, path, error code) and {@code POST /_sandbox/reset}.
 */
final class AdminHandler implements HttpHandler {

    static final String STATS = "/_sandbox/stats";
    static final String RESET = "/_sandbox/reset";
    static final String CALLS = "/_sandbox/calls";

    private final SandboxStats stats;

    AdminHandler(SandboxStats stats) {
        this.stats = stats;
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
                lines.append(call.startedAtMillis()).append(' ').append(call.path()).append(' ').append(call.errorCode())
                        .append('\n');
            }
            reply = Reply.plain(200, lines.toString());
        } else if (RESET.equals(path) && "POST".equals(method)) {
            stats.reset();
            ObjectNode done = Reply.JSON.createObjectNode().put("status", true);
            reply = Reply.json(done);
        } else if (STATS.equals(path) || RESET.equals(path)) {
            reply = Reply.plain(405, "Method Not Allowed");
        } else {
            reply = Reply.plain(404, "Not Found");
        }
        reply.sendTo(exchange);
    }
}
