package dev.patsnapcamel.api;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supplies the credential of business calls. For {@code sk-} keys that is the key itself (in the
 * {@code Authorization} header, or as {@code apikey=} in the query when {@code patsnap.api-key.in-query} is
 * set); for client credentials it is a token from {@code POST /oauth/token}, cached and renewed when it
 * comes within its renewal margin (about 60 s before expiry; see {@link TokenAnswer#renewAtMillis()}) or at
 * once when the API refuses it. The routes ask for the credential right before each call leaves, after its
 * wait for a rate slot, so that queueing never makes a token stale.
 * <p>
 * A refused token is renewed once. When the API refuses the renewed token too before accepting any call
 * with it (or refuses an {@code sk-} key, which cannot be renewed), the credentials themselves are refused:
 * {@link #refused(long)} says so and the call stops the account rather than failing its IDs.
 * <p>
 * The token request never follows redirects (the Basic credentials must not go to another host), and is
 * repeated once when it is answered with HTTP 401 or 67200003 ({@link TokenRequest}). Tokens and secrets are never logged. Its
 * HTTP client starts no thread and is closed with it, so that nothing outlives a bundle stopped inside a
 * host such as Karaf.
 */
public final class TokenProvider implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TokenProvider.class);
    private static final String TOKEN_REFUSED = "67200003";
    private static final Set<Integer> TRANSIENT = Set.of(408, 425, 429);

    /**
     * The credential of one call.
     *
     * @param authorization the {@code Authorization} header value, or null when none is sent
     * @param queryKey      the {@code apikey} query parameter (the client id, or the {@code sk-} key in query
     *                      mode), or empty
     * @param generation    which token it is (0 for a key), to report a refusal with {@link #refused(long)}
     */
    public record Credential(String authorization, String queryKey, long generation) {
        @Override
        public String toString() {
            return "Credential[generation " + generation + "]";
        }
    }

    /** What a refusal of a credential means. */
    public enum Refusal {
        /** The token was forgotten; the next call gets a new one. */
        RENEW,
        /** A renewed token (or a key) was refused: the credentials are not accepted. */
        CREDENTIALS_REFUSED
    }

    private final PatsnapAccount account;
    private final ApiClientSettings settings;
    private final TokenRequest requests;
    private final Clock clock;

    private String token;
    private long generation;
    private boolean currentIsRenewal;
    private boolean currentAccepted;
    private boolean refusedSinceFetch;
    private long renewAtMillis = Long.MIN_VALUE;

    public TokenProvider(PatsnapAccount account, Duration timeout, Clock clock) {
        this(account, ApiClientSettings.defaults(), timeout, clock);
    }

    public TokenProvider(PatsnapAccount account, ApiClientSettings settings, Duration timeout, Clock clock) {
        this.account = account;
        this.settings = settings;
        this.requests = TokenRequest.of(account, settings, timeout);
        this.clock = clock;
    }

    @Override
    public void close() throws IOException {
        requests.close();
    }

    /** The header value, {@code Bearer <token or key>}, or null when the key goes in the query. */
    public String authorization() {
        return credential().authorization();
    }

    /**
     * The credential to send now: fetches a token when there is none or the current one is within its
     * renewal margin. Throws {@link PatsnapCallException.Suspending} when the token request is refused and
     * {@link PatsnapCallException.Retryable} when it fails for a transient reason.
     */
    public Credential credential() {
        return switch (account.scheme()) {
            case API_KEY ->
                settings.apiKeyInQuery()
                        ? new Credential(null, account.apiKey(), 0)
                        : new Credential("Bearer " + account.apiKey(), "", 0);
            case CLIENT_CREDENTIALS -> tokenCredential();
            case NONE ->
                throw PatsnapCallException.of(
                        "NO_CREDENTIALS",
                        "no PatSnap credentials configured (set patsnap.client-id/client-secret or patsnap.api-key)",
                        Treatment.STOP_ACCOUNT);
        };
    }

    /**
     * The API refused the credential of the given generation. The first refusal of a token forgets it, so
     * that the call is repeated with a new one; a refusal of that renewed token, or of a key, means the
     * credentials are refused. Several calls may report the same token; only the first causes a renewal.
     */
    public synchronized Refusal refused(long refusedGeneration) {
        if (account.scheme() != PatsnapAccount.Scheme.CLIENT_CREDENTIALS) {
            return Refusal.CREDENTIALS_REFUSED;
        }
        if (refusedGeneration < generation) {
            return Refusal.RENEW; // an older token: the current one is newer already
        }
        boolean credentialsRefused = currentIsRenewal && !currentAccepted;
        if (token != null) {
            LOG.info(
                    "PatSnap refused the current token; {}",
                    credentialsRefused
                            ? "it was the renewal of a refused one and never accepted, so the credentials are refused"
                            : "a new one will be requested");
        }
        token = null;
        refusedSinceFetch = true;
        return credentialsRefused ? Refusal.CREDENTIALS_REFUSED : Refusal.RENEW;
    }

    /** The API answered a call made with the credential of the given generation without refusing it. */
    public synchronized void accepted(long acceptedGeneration) {
        if (acceptedGeneration == generation) {
            currentAccepted = true;
        }
    }

    private synchronized Credential tokenCredential() {
        if (token == null || clock.millis() >= renewAtMillis) {
            fetchToken();
        }
        return new Credential("Bearer " + token, account.clientId(), generation);
    }

    private void fetchToken() {
        for (int attempt = 1; ; attempt++) {
            TokenRequest.Answer answer = requests.post();
            if (answer.status() >= 300 && answer.status() < 400) {
                throw PatsnapCallException.of(
                        "HTTP " + answer.status(),
                        "the token request was answered with a redirect"
                                + (answer.location() == null ? "" : " to " + answer.locationHost())
                                + "; redirects are not followed, so that the credentials never go to another host: check "
                                + "patsnap.base-url",
                        Treatment.STOP_ACCOUNT);
            }
            if (answer.status() >= 500 || TRANSIENT.contains(answer.status())) {
                throw new PatsnapCallException.Retryable(
                        "HTTP " + answer.status(), "token request failed with HTTP status " + answer.status());
            }
            TokenAnswer granted = answer.status() == 200 ? TokenAnswer.parse(answer.body(), clock.millis()) : null;
            if (granted != null) {
                accept(granted);
                return;
            }
            ApiEnvelope head = ApiEnvelope.head(answer.body());
            String code = head.errorCode() != null && !"0".equals(head.errorCode())
                    ? head.errorCode()
                    : "HTTP " + answer.status();
            if (attempt == 1 && (answer.status() == 401 || TOKEN_REFUSED.equals(code))) {
                LOG.info("PatSnap refused the token request ({}); asking once more", code);
                continue;
            }
            throw PatsnapCallException.of(
                    code,
                    "token request refused: "
                            + (head.errorMsg() != null
                                    ? head.errorMsg()
                                    : answer.body().isMissingNode()
                                            ? "HTTP status " + answer.status()
                                            : "no token in answer"),
                    Treatment.STOP_ACCOUNT);
        }
    }

    private void accept(TokenAnswer granted) {
        token = granted.token();
        generation++;
        currentIsRenewal = refusedSinceFetch;
        currentAccepted = false;
        refusedSinceFetch = false;
        renewAtMillis = Math.max(clock.millis(), granted.renewAtMillis());
        LOG.info(
                "Obtained a PatSnap access token for client {} (valid {} s)",
                account.clientId(),
                granted.lifetimeSeconds());
    }
}
