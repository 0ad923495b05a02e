package dev.patsnapcamel.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A thin java.net.http client for the sandbox, as the tests need it. */
final class SandboxHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String LICENSE = "/advanced-patent-data/license-data";
    static final String CUSTOMS = "/advanced-patent-data/customs-data";
    static final String LITIGATION = "/high-value-data/litigation";
    static final String API_KEY_AUTH = "Bearer " + SandboxSettings.DEFAULT_API_KEY;

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;

    SandboxHttp(SandboxServer server) {
        this.baseUrl = server.baseUrl();
    }

    /** {@code patent_number=<comma list>} URL-encoded. */
    static String numbers(List<String> numbers) {
        return "patent_number=" + encode(String.join(",", numbers));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** GET {@code path?query} with an {@code Authorization} header (none if null) and more headers (name, value, ...). */
    HttpResponse<String> get(String path, String query, String authorization, String... headers) {
        return await(getAsync(path, query, authorization, headers));
    }

    CompletableFuture<HttpResponse<String>> getAsync(
            String path, String query, String authorization, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(baseUrl + path + (query == null ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(15))
                .GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** GET with the default {@code sk-} key, the body parsed. */
    JsonNode getJson(String path, String query) {
        return json(get(path, query, API_KEY_AUTH));
    }

    HttpResponse<String> post(String path, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return await(client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }

    /** The token endpoint's answer for these credentials. */
    JsonNode requestToken(String clientId, String clientSecret) {
        return json(post("/oauth/token", "grant_type=client_credentials", basic(clientId, clientSecret)));
    }

    static String basic(String clientId, String clientSecret) {
        String pair = clientId + ":" + clientSecret;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        return future.join();
    }
}
