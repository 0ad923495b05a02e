package dev.patsnapcamel.api;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * One {@code POST /oauth/token} with the account's client credentials (HTTP Basic), over an HTTP client
 * of its own that never follows a redirect (the Basic credentials must not go to another host), never
 * repeats a request by itself, keeps no cookies and starts no thread; closed with its {@link TokenProvider}.
 */
record TokenRequest(PatsnapAccount account, ApiClientSettings settings, AnswerReader answers, CloseableHttpClient http)
        implements AutoCloseable {

    /** The status, JSON body (missing when there is none or it is not JSON) and redirect target of the answer. */
    record Answer(int status, JsonNode body, String location) {

        /** Where a redirect points, for a message: its host only. */
        String locationHost() {
            try {
                URI uri = URI.create(location);
                return uri.getHost() == null ? "another path" : uri.getHost();
            } catch (IllegalArgumentException e) {
                return "an unreadable location";
            }
        }
    }

    /** The token request of the account, with a client whose every time-out is {@code timeout}. */
    static TokenRequest of(PatsnapAccount account, ApiClientSettings settings, Duration timeout) {
        Timeout limit = Timeout.of(timeout);
        return new TokenRequest(
                account,
                settings,
                new AnswerReader(settings),
                HttpClients.custom()
                        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                                .setDefaultConnectionConfig(ConnectionConfig.custom()
                                        .setConnectTimeout(limit)
                                        .setSocketTimeout(limit)
                                        .build())
                                .build())
                        .setDefaultRequestConfig(
                                RequestConfig.custom().setResponseTimeout(limit).build())
                        .disableCookieManagement()
                        // the Basic credentials never go to a host the answer names
                        .disableRedirectHandling()
                        // one request per token request, and the one repetition the provider makes
                        .disableAutomaticRetries()
                        .build());
    }

    @Override
    public void close() throws IOException {
        http.close();
    }

    /** Asks for a token; a transport failure, or a 200 answer that is not JSON, is {@link PatsnapCallException.Retryable}. */
    Answer post() {
        String basic = Base64.getEncoder()
                .encodeToString((account.clientId() + ":" + account.clientSecret()).getBytes(StandardCharsets.UTF_8));
        HttpPost request = new HttpPost(URI.create(account.baseUrl() + "/oauth/token"));
        request.setHeader("Authorization", "Basic " + basic);
        request.setHeader(ApiClientSettings.VERSION_HEADER, ApiClientSettings.API_VERSION);
        request.setHeader("User-Agent", settings.userAgent());
        request.setHeader("Accept", "application/json");
        request.setEntity(new StringEntity(
                "grant_type=client_credentials", ContentType.create("application/x-www-form-urlencoded")));
        try {
            return http.execute(request, r -> {
                Header location = r.getFirstHeader("Location");
                JsonNode body = MissingNode.getInstance();
                if (r.getEntity() != null) {
                    try {
                        body = answers.json(r.getEntity().getContent());
                    } catch (AnswerReader.Failure notJson) {
                        if (r.getCode() == 200) {
                            throw new PatsnapCallException.Retryable(
                                    notJson.code(), "token answer: " + notJson.getMessage());
                        }
                    }
                }
                return new Answer(r.getCode(), body, location == null ? null : location.getValue());
            });
        } catch (IOException e) {
            throw new PatsnapCallException.Retryable(
                    "IO",
                    "token request failed: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}
