package dev.patsnapcamel.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * PatSnap's usage statement, {@code POST /open-user/statement/v2}, served from what the sandbox answered
 * ({@link SandboxStats#bill}). The request carries {@code apikey}, {@code client_secret}, {@code time_start}
 * and {@code time_end} (epoch milliseconds, the end excluded) in a form body (or a JSON object), never in the
 * URL; {@code apikey} is the client id with its secret, or an {@code sk-} key. The answer, in PatSnap's
 * envelope: {@code {"status": true, "error_code": 0, "data": {"time_start": .., "time_end": .., "items":
 * [{"path": "/advanced-patent-data/license-data", "calls": 12, "cost": 340}]}}}: per path the calls that
 * returned results and the results billed ({@code cost}). No public client shows the real answer; this is the
 * assumption docs/sandbox.md describes. {@link SandboxSettings#statementSkew} makes it disagree.
 */
final class StatementHandler implements HttpHandler {

    static final String PATH = "/open-user/statement/v2";

    private final SandboxSettings settings;
    private final SandboxStats stats;

    StatementHandler(SandboxSettings settings, SandboxStats stats) {
        this.settings = settings;
        this.stats = stats;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Reply reply;
        if (!"POST".equals(exchange.getRequestMethod())) {
            reply = Reply.httpError(405, "Method Not Allowed", true);
        } else if (!PATH.equals(exchange.getRequestURI().getPath())) {
            reply = Reply.error(ErrorCodes.PATH_NOT_FOUND);
        } else {
            reply = answer(params(body));
        }
        reply.sendTo(exchange);
    }

    private Reply answer(Params params) {
        String apikey = params.get("apikey");
        String secret = params.get("client_secret");
        boolean client = apikey != null
                && secret != null
                && CallAuthenticator.sameSecret(apikey, settings.clientId())
                && CallAuthenticator.sameSecret(secret, settings.clientSecret());
        boolean key =
                apikey != null && apikey.startsWith("sk-") && CallAuthenticator.sameSecret(apikey, settings.apiKey());
        if (!client && !key) {
            return Reply.error(ErrorCodes.AUTHENTICATION);
        }
        long start;
        long end;
        try {
            start = Long.parseLong(params.get("time_start"));
            end = Long.parseLong(params.get("time_end"));
        } catch (NumberFormatException | NullPointerException e) {
            return Reply.error(ErrorCodes.INVALID_PARAMETER);
        }
        ObjectNode answer = Reply.JSON.createObjectNode();
        ObjectNode data = answer.putObject("data");
        data.put("time_start", start);
        data.put("time_end", end);
        ArrayNode items = data.putArray("items");
        long skew = settings.statementSkew();
        for (Map.Entry<String, long[]> path : stats.bill(start, end).entrySet()) {
            items.addObject()
                    .put("path", path.getKey())
                    .put("calls", path.getValue()[0])
                    .put("cost", Math.max(0, path.getValue()[1] + skew));
        }
        answer.put("status", true);
        answer.put("error_code", 0);
        return Reply.json(answer);
    }

    /** The form body's (or JSON body's) fields. */
    private record Params(QueryParams form, JsonNode json) {
        String get(String name) {
            if (json != null) {
                JsonNode v = json.get(name);
                return v == null || v.isNull() ? null : v.asText();
            }
            return form.first(name);
        }
    }

    private static Params params(String body) {
        String trimmed = body.strip();
        if (trimmed.startsWith("{")) {
            try {
                return new Params(null, Reply.JSON.readTree(trimmed));
            } catch (IOException notJson) {
                return new Params(QueryParams.parse(""), null);
            }
        }
        return new Params(QueryParams.parse(trimmed), null);
    }
}
