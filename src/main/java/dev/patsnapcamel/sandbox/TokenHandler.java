package dev.patsnapcamel.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * {@code POST /oauth/token}: the client-credentials grant. HTTP Basic {@code client_id:client_secret},
 * form body {@code grant_type=client_credentials}. The answer is flat or wrapped in {@code data}
 * ({@link SandboxSettings#tokenAnswer()}).
 */
final class TokenHandler implements HttpHandler {

    private static final String BASIC = "Basic ";

    private final SandboxSettings settings;
    private final SandboxStats stats;
    private final TokenStore tokens;

    TokenHandler(SandboxSettings settings, SandboxStats stats, TokenStore tokens) {
        this.settings = settings;
        this.stats = stats;
        this.tokens = tokens;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        stats.tokenRequested();
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        answer(exchange, form).sendTo(exchange);
    }

    private Reply answer(HttpExchange exchange, String form) {
        boolean jsonErrors = settings.errorBodies() == SandboxSettings.ErrorBodies.JSON;
        if (!"POST".equals(exchange.getRequestMethod())) {
            return Reply.httpError(405, "Method Not Allowed", jsonErrors);
        }
        String[] credentials = basicCredentials(exchange.getRequestHeaders().getFirst("Authorization"));
        if (credentials == null) {
            return Reply.httpError(401, "Unauthorized", jsonErrors);
        }
        if (!"client_credentials".equals(QueryParams.parse(form).first("grant_type"))) {
            return Reply.error(ErrorCodes.ILLEGAL_REQUEST);
        }
        boolean granted = credentials[0].equals(settings.clientId())
                & CallAuthenticator.sameSecret(credentials[1], settings.clientSecret());
        if (!granted) {
            return Reply.error(ErrorCodes.AUTHENTICATION);
        }
        long now = System.currentTimeMillis();
        int lifetime = settings.tokenLifetimeSeconds();
        String token = tokens.issue(credentials[0], lifetime, now);
        return Reply.json(
                settings.tokenAnswer() == SandboxSettings.TokenAnswer.WRAPPED
                        ? wrapped(token, lifetime, now)
                        : flat(token, lifetime, now));
    }

    /** The answer as the seed pages document it. */
    private static ObjectNode flat(String token, int lifetime, long now) {
        ObjectNode body = Reply.JSON.createObjectNode();
        body.put("token", token);
        body.put("access_token", token);
        body.put("token_type", "BearerToken");
        body.put("expires_in", lifetime);
        body.put("status", "approved");
        body.put("issued_at", String.valueOf(now));
        return body;
    }

    /** The answer as several public clients read it: the token in {@code data}, {@code expires_in} a string. */
    private static ObjectNode wrapped(String token, int lifetime, long now) {
        ObjectNode body = Reply.JSON.createObjectNode();
        body.put("status", true);
        body.put("error_code", 0);
        ObjectNode data = body.putObject("data");
        data.put("token", token);
        data.put("expires_in", String.valueOf(lifetime));
        data.put("token_type", "BearerToken");
        data.put("issued_at", String.valueOf(now));
        return body;
    }

    /** {@code [id, secret]} from an HTTP Basic header, or null if there is none or it is malformed. */
    private static String[] basicCredentials(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return null;
        }
        try {
            String decoded = new String(
                    Base64.getDecoder()
                            .decode(authorization.substring(BASIC.length()).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
