package dev.patsnapcamel.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A token answer of {@code POST /oauth/token}, in every form public clients see: flat
 * ({@code {"token": ..., "expires_in": 1799, "issued_at": "<epoch ms>"}}) or wrapped in the envelope
 * ({@code {"status": true, "data": {"token": ..., "expires_in": "1799"}}}); the token as {@code data.token},
 * {@code token} or {@code access_token}; {@code expires_in} and {@code issued_at} as numbers or strings.
 *
 * @param token            the access token (never logged)
 * @param lifetimeSeconds  how long it lives, as the answer says (PatSnap's default when it says nothing)
 * @param expiresAtMillis  when it expires on this machine's clock
 */
record TokenAnswer(String token, long lifetimeSeconds, long expiresAtMillis) {

    /** Default token lifetime when the answer carries none (PatSnap's tokens live 30 minutes). */
    static final long DEFAULT_LIFETIME_SECONDS = 1799;

    /**
     * The token in the answer, or null if there is none. {@code issued_at} shortens the lifetime by the
     * time the token has already lived (a cached token from a gateway), but by at most half of it, so that
     * a clock that differs from PatSnap's can neither make a token look expired nor live longer.
     */
    static TokenAnswer parse(JsonNode body, long nowMillis) {
        JsonNode data = body.path("data");
        String token =
                firstText(data.path("token"), body.path("token"), data.path("access_token"), body.path("access_token"));
        if (token == null) {
            return null;
        }
        long lifetime = firstNumber(data.path("expires_in"), body.path("expires_in"));
        if (lifetime <= 0) {
            lifetime = DEFAULT_LIFETIME_SECONDS;
        }
        long expiresAt = nowMillis + lifetime * 1000;
        long issuedAt = firstNumber(data.path("issued_at"), body.path("issued_at"));
        if (issuedAt > 0) {
            long age = Math.max(0, Math.min(nowMillis - issuedAt, lifetime * 1000 / 2));
            expiresAt -= age;
        }
        return new TokenAnswer(token, lifetime, expiresAt);
    }

    /**
     * When to renew: about 60 s before expiry, or a quarter of the lifetime before it for short-lived tokens,
     * so that a token is never sent in the last part of its life.
     */
    long renewAtMillis() {
        long margin = Math.min(60_000, lifetimeSeconds * 1000 / 4);
        return expiresAtMillis - margin;
    }

    private static String firstText(JsonNode... nodes) {
        for (JsonNode node : nodes) {
            if (node.isTextual() && !node.asText().isBlank()) {
                return node.asText().trim();
            }
        }
        return null;
    }

    private static long firstNumber(JsonNode... nodes) {
        for (JsonNode node : nodes) {
            if (node.isNumber()) {
                return node.asLong();
            }
            if (node.isTextual()) {
                try {
                    return Long.parseLong(node.asText().trim());
                } catch (NumberFormatException ignored) {
                    // not a number: try the next form
                }
            }
        }
        return -1;
    }
}
