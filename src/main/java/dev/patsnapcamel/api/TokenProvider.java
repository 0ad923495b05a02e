package dev.patsnapcamel.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supplies the {@code Authorization} header for business calls. For {@code sk-} keys that is the key
 * itself; for client credentials it is a token from {@code POST /oauth/token}, cached and renewed
 * shortly before it expires (or at once when the API refuses it). Tokens and secrets are never logged.
 * Closing it ends its HTTP client's threads (the bundle stops inside a host such as Karaf, not only with the JVM).
 */
public final class TokenProvider implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TokenProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Default token lifetime when the answer carries none (PatSnap's tokens live 30 minutes). */
    private static final long DEFAULT_LIFETIME_SECONDS = 1799;

    private final PatsnapAccount account;
    private final ExecutorService httpThreads;
    private volatile HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    private String token;
    private Instant renewAt = Instant.MIN;

    public TokenProvider(PatsnapAccount account, Duration timeout, Clock clock) {
        this.account = account;
        this.timeout = timeout;
        this.clock = clock;
        AtomicInteger count = new AtomicInteger();
        this.httpThreads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "patsnap-token-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder().connectTimeout(timeout).executor(httpThreads).build();
    }

    /**
     * Ends the HTTP client's worker threads; its selector thread ends once the client is collected (Java 17 has
     * no {@code HttpClient.close()}; where there is one, it is called).
     */
    @Override
    public void close() throws Exception {
        HttpClient client = http;
        http = null;
        httpThreads.shutdownNow();
        if (client instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** The header value, {@code Bearer <token or key>}; fetches a token first when needed. */
    public String authorization() {
        return switch (account.scheme()) {
            case API_KEY -> "Bearer " + account.apiKey();
            case CLIENT_CREDENTIALS -> "Bearer " + currentToken();
            case NONE -> throw PatsnapCallException.of("NO_CREDENTIALS",
                    "no PatSnap credentials configured (set patsnap.client-id/client-secret or patsnap.api-key)",
                    Treatment.STOP_ACCOUNT);
        };
    }

    /**
     * Forgets the token the API just refused, so that the next call fetches a new one. Several calls may
     * report the same refused token; only the first one causes a renewal.
     */
    public synchronized void refused(String authorization) {
        if (token != null && authorization != null && authorization.equals("Bearer " + token)) {
            LOG.info("PatSnap refused the current token; a new one will be requested");
            token = null;
        }
    }

    private synchronized String currentToken() {
        if (token == null || !clock.instant().isBefore(renewAt)) {
            fetchToken();
        }
        return token;
    }

    private void fetchToken() {
        String basic = Base64.getEncoder().encodeToString(
                (account.clientId() + ":" + account.clientSecret()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(account.baseUrl() + "/oauth/token"))
                .timeout(timeout)
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        HttpResponse<String> response;
        HttpClient client = http;
        if (client == null) {
            throw new PatsnapCallException.Retryable("IO", "token request after the bundle stopped");
        }
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PatsnapCallException.Retryable("IO", "token request failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PatsnapCallException.Retryable("IO", "token request interrupted");
        }
        JsonNode body = parse(response);
        String value = body.path("token").asText(body.path("access_token").asText(""));
        if (response.statusCode() != 200 || value.isEmpty()) {
            String code = body.hasNonNull("error_code") ? body.get("error_code").asText() : "HTTP " + response.statusCode();
            throw PatsnapCallException.of(code, "token request refused: " + body.path("error_msg").asText("no token in answer"),
                    Treatment.STOP_ACCOUNT);
        }
        long lifetime = body.path("expires_in").asLong(DEFAULT_LIFETIME_SECONDS);
        // renew a little before expiry: 10% of the lifetime, at most one minute
        long margin = Math.min(60, Math.max(1, lifetime / 10));
        token = value;
        renewAt = clock.instant().plusSeconds(Math.max(0, lifetime - margin));
        LOG.info("Obtained a PatSnap access token for client {} (valid {} s)", account.clientId(), lifetime);
    }

    private static JsonNode parse(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new PatsnapCallException("HTTP " + response.statusCode(), "token answer is not JSON", Treatment.FAIL);
        }
    }
}
