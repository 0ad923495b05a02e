package dev.patsnapcamel.api;

import java.net.URI;
import java.util.Locale;

import io.vertx.core.VertxOptions;
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
 *   <li>a connection pool of {@code patsnap.max-in-flight} connections to the gateway (HTTP/1.1, kept alive
 *       for 20 s when idle), so that every call in flight has its own connection and none waits for one;</li>
 *   <li>gzip and deflate answers accepted and decompressed, as before;</li>
 *   <li>no {@code User-Agent} of Vert.x's own: every call carries the bundle's ({@link UserAgent});</li>
 *   <li>TLS when {@code patsnap.base-url} is {@code https://} (also with an explicit port), with the JDK's trust
 *       store and the host name checked against the certificate.</li>
 * </ul>
 */
public final class CallClientOptions {

    private CallClientOptions() {}

    /**
     * The Vert.x instance of the calls: two event-loop threads do the I/O of any number of connections, and
     * four worker threads hand each answer over to the pool {@code patsnap-answers} (camel-vertx-http runs its
     * answer handling there), so the client's threads stay few whatever the rate and latency.
     */
    public static VertxOptions vertx() {
        return new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(4).setInternalBlockingPoolSize(2);
    }

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
                // an idle connection is closed by the client before a server's usual idle time-out (30 s and
                // more), so that a call seldom meets a connection the server is closing at that moment
                .setKeepAliveTimeout(20)
                .setMaxPoolSize(Math.max(1, maxInFlight))
                .setSsl(tls)
                .setTrustAll(false)
                .setVerifyHost(true)
                .setLogActivity(false);
        options.setName("patsnap-calls");
        return options;
    }
}
