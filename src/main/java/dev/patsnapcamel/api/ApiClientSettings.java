package dev.patsnapcamel.api;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * How the bundle talks to PatSnap, beyond the account: the caps on an answer, where an {@code sk-} key
 * goes, whether a plain-HTTP gateway is allowed, and the retry timings that a {@code Retry-After} answer
 * is weighed against. Read from the {@code patsnap.*} settings by {@link #from(Function)}.
 *
 * @param maxAnswerBytes   {@code patsnap.http.max-answer-bytes}: the most bytes of one answer (after
 *                         decompression) that are read; a longer answer fails the call as {@code ANSWER_TOO_LARGE}
 * @param maxJsonDepth     {@code patsnap.http.max-json-depth}: the deepest nesting of JSON arrays and objects read
 * @param apiKeyInQuery    {@code patsnap.api-key.in-query}: send an {@code sk-} key as {@code apikey=} in the URL
 *                         instead of the {@code Authorization} header
 * @param allowInsecureHttp {@code patsnap.allow-insecure-http}: accept an {@code http://} gateway on another host
 * @param retryInitial     {@code patsnap.retry.initial-delay}: the first redelivery delay
 * @param retryMax         {@code patsnap.retry.max-delay}: the longest back-off delay
 * @param maxRetryAfter    {@code patsnap.retry.max-retry-after}: the longest wait a {@code Retry-After} header can ask for
 * @param userAgent        the {@code User-Agent} of every call, {@code patsnap-camel/<version> (<cluster.node-id>)}
 */
public record ApiClientSettings(
        long maxAnswerBytes,
        int maxJsonDepth,
        boolean apiKeyInQuery,
        boolean allowInsecureHttp,
        Duration retryInitial,
        Duration retryMax,
        Duration maxRetryAfter,
        String userAgent) {

    /** The value sent in the {@code X-PatSnap-Version} header of every call, as PatSnap's own scripts do. */
    public static final String API_VERSION = "1.0";
    /** The header that carries {@link #API_VERSION}. */
    public static final String VERSION_HEADER = "X-PatSnap-Version";

    public ApiClientSettings {
        if (maxAnswerBytes < 1024) {
            throw new IllegalArgumentException(
                    "patsnap.http.max-answer-bytes must be at least 1024, was " + maxAnswerBytes);
        }
        if (maxJsonDepth < 8) {
            throw new IllegalArgumentException("patsnap.http.max-json-depth must be at least 8, was " + maxJsonDepth);
        }
    }

    /** The defaults of {@code config/application.properties}. */
    public static ApiClientSettings defaults() {
        return from(key -> null);
    }

    /** Reads the settings; {@code setting} answers null for a key that is not set. */
    public static ApiClientSettings from(Function<String, String> setting) {
        Function<String, String> value = key -> {
            String v = setting.apply(key);
            return v == null ? null : v.trim();
        };
        return new ApiClientSettings(
                number(value, "patsnap.http.max-answer-bytes", 64L * 1024 * 1024),
                (int) number(value, "patsnap.http.max-json-depth", 64),
                flag(value, "patsnap.api-key.in-query"),
                flag(value, "patsnap.allow-insecure-http"),
                Duration.ofMillis(number(value, "patsnap.retry.initial-delay", 1000)),
                Duration.ofMillis(number(value, "patsnap.retry.max-delay", 30000)),
                Duration.ofMillis(number(value, "patsnap.retry.max-retry-after", 300000)),
                UserAgent.of(value.apply("cluster.node-id")));
    }

    /**
     * Refuses a gateway URL that would send credentials in clear text: {@code http://} is accepted for a
     * loopback address (the built-in sandbox, a local proxy) or when {@code patsnap.allow-insecure-http=true}.
     */
    public void checkGateway(String baseUrl) {
        URI uri;
        try {
            uri = URI.create(baseUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("patsnap.base-url is not a URL: " + baseUrl);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException("patsnap.base-url must be an https:// URL, was " + baseUrl);
        }
        if (scheme.equals("http") && !loopback(uri.getHost()) && !allowInsecureHttp) {
            throw new IllegalArgumentException(
                    "patsnap.base-url " + baseUrl + " is plain http:// to another host: "
                            + "tokens and keys would cross the network in clear text. Use https://, or set "
                            + "patsnap.allow-insecure-http=true (for example behind a TLS-terminating proxy on a trusted network)");
        }
    }

    /** The redelivery delay for the attempt after {@code redeliveries} redeliveries, without jitter. */
    public long backOffMillis(int redeliveries) {
        long delay = retryInitial.toMillis() << Math.min(30, Math.max(0, redeliveries));
        return Math.min(retryMax.toMillis(), delay);
    }

    /** Loopback by name or literal address; other names are not resolved (no DNS look-up at start-up). */
    static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost")
                || h.endsWith(".localhost")
                || h.matches("127(\\.\\d{1,3}){3}")
                || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }

    private static long number(Function<String, String> value, String key, long fallback) {
        String v = value.apply(key);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + v + "'");
        }
    }

    private static boolean flag(Function<String, String> value, String key) {
        String v = value.apply(key);
        if (v == null || v.isEmpty()) {
            return false;
        }
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key + " must be true or false, was '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }
}
