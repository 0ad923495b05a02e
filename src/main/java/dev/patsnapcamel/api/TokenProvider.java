package dev.patsnapcamel.api;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supplies the {@code Authorization} header for business calls. For {@code sk-} keys that is the key
 * itself; for client credentials it is a token from {@code POST /oauth/token}, cached and renewed
 * shortly before it expires (or at once when the API refuses it). Tokens and secrets are never logged.
 * Its HTTP client starts no thread and is closed with it, so that nothing outlives a bundle stopped inside a host
 * such as Karaf.
 */
public final class TokenProvider implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TokenProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Default token lifetime when the answer carries none (PatSnap's tokens live 30 minutes). */
    private static final long DEFAULT_LIFETIME_SECONDS = 1799;

    private final PatsnapAccount account;
    private final CloseableHttpClient http;
    private final Clock clock;

    private String token;
    private Instant renewAt = Instant.MIN;

    public TokenProvider(PatsnapAccount account, Duration timeout, Clock clock) {
        this.account = account;
        this.clock = clock;
        Timeout limit = Timeout.of(timeout);
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(limit)
                                .setSocketTimeout(limit).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(limit).build())
                .disableCookieManagement()
                .build();
    }

    @Override
    public void close() throws IOException {
        http.close();
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
        HttpPost request = new HttpPost(URI.create(account.baseUrl() + "/oauth/token"));
        request.setHeader("Authorization", "Basic " + basic);
        request.setEntity(new StringEntity("grant_type=client_credentials",
                ContentType.create("application/x-www-form-urlencoded")));
        Answer response;
        try {
            response = http.execute(request, r -> new Answer(r.getCode(),
                    r.getEntity() == null ? "" : EntityUtils.toString(r.getEntity(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new PatsnapCallException.Retryable("IO", "token request failed: " + e);
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

    /** The status and body of the token endpoint's answer. */
    private record Answer(int statusCode, String body) {
    }

    private static JsonNode parse(Answer response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new PatsnapCallException("HTTP " + response.statusCode(), "token answer is not JSON", Treatment.FAIL);
        }
    }
}
