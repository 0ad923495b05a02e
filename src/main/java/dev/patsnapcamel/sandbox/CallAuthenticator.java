package dev.patsnapcamel.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Checks a business call's credentials, either scheme: a token from {@code /oauth/token} plus
 * {@code apikey=<client id>}, or an {@code sk-} API key as the bearer token or (unless switched off,
 * {@link SandboxSettings#apiKeyInQuery()}) as the query parameter {@code apikey=sk-...} with no
 * {@code Authorization} header.
 */
final class CallAuthenticator {

    private static final String BEARER = "Bearer ";

    private final SandboxSettings settings;
    private final TokenStore tokens;

    CallAuthenticator(SandboxSettings settings, TokenStore tokens) {
        this.settings = settings;
        this.tokens = tokens;
    }

    /** Why the call is refused, or empty if its credentials are good. */
    Optional<Reply> refusal(String authorization, String apikey, long nowMillis) {
        if (authorization == null && apikey != null && apikey.startsWith("sk-") && settings.apiKeyInQuery()) {
            return sameSecret(apikey, settings.apiKey())
                    ? Optional.empty()
                    : Optional.of(Reply.error(ErrorCodes.AUTHENTICATION));
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(
                    Reply.httpError(401, "Unauthorized", settings.errorBodies() == SandboxSettings.ErrorBodies.JSON));
        }
        String bearer = authorization.substring(BEARER.length()).trim();
        if (bearer.startsWith("sk-")) {
            return sameSecret(bearer, settings.apiKey())
                    ? Optional.empty()
                    : Optional.of(Reply.error(ErrorCodes.AUTHENTICATION));
        }
        Optional<String> client = tokens.clientOf(bearer, nowMillis);
        if (client.isEmpty()) {
            return Optional.of(Reply.error(ErrorCodes.AUTHENTICATION));
        }
        if (apikey == null || apikey.isBlank()) {
            return Optional.of(Reply.error(ErrorCodes.APIKEY_MISSING));
        }
        if (!apikey.equals(client.get())) {
            return Optional.of(Reply.error(ErrorCodes.APIKEY_MISMATCH));
        }
        return Optional.empty();
    }

    /** Compares secrets in constant time. */
    static boolean sameSecret(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
