package dev.patsnapcamel.api;

import java.net.URI;
import java.util.Locale;

import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The options of the non-blocking client that makes the business calls (camel-vertx-http over Vert.x's web
 * client), set here rather than left to the client's defaults:
 * <ul>
 *   <li>redirects are not followed (one would carry the token to another host); the answer's 3xx status fails
 *       the call, naming {@code patsnap.base-url};</li>
 *   <li>no request is repeated by the client itself: every repetition passes the rate limit and the retry
 *       policy (Vert.x's web client has no retries of its own; none is configured);</li>
 *   <li>{@code patsnap.http.connect-timeout} for a connection; the response time-out
 *       ({@code patsnap.http.response-timeout}) is the endpoint's {@code timeout} in the route;</li>
 *   <li>a connection pool of {@code patsnap.max-in-flight} connections to the gateway (HTTP/1.1, kept alive),
 *       so that every call in flight has its own connection and none waits for one;</li>
 *   <li>gzip and deflate answers accepted and decompressed, as before;</li>
 *   <li>no {@code User-Agent} of Vert.x's own: every call carries the bundle's ({@link UserAgent});</li>
 *   <li>TLS when {@code patsnap.base-url} is {@code https://} (also with an explicit port), with the JDK's trust
 *       store and the host name checked against the certificate.</li>
 * </ul>
 */
public final class CallClientOptions {

    private CallClientOptions() {}

    public static WebClientOptions of(String baseUrl, int connectTimeoutMillis, int maxInFlight) {
        boolean tls = "https".equals(URI.create(baseUrl).getScheme().toLowerCase(Locale.ROOT));
        WebClientOptions options = new WebClientOptions()
                .setFollowRedirects(false)
                .setUserAgentEnabled(false)
                .setTryUseCompression(true)
                .setDecompressionSupported(true)
                .setConnectTimeout(connectTimeoutMillis)
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setMaxPoolSize(Math.max(1, maxInFlight))
                .setSsl(tls)
                .setTrustAll(false)
                .setVerifyHost(true)
                .setLogActivity(false);
        options.setName("patsnap-calls");
        return options;
    }
}
