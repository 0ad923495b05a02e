package dev.patsnapcamel.api;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The table that maps every PatSnap error code and HTTP status to a {@link Treatment}. The defaults
 * follow the union of PatSnap's published code tables; any entry can be overridden in configuration
 * with {@code patsnap.error-policy.<code>=<treatment>} (for example {@code patsnap.error-policy.67200000=fail},
 * {@code patsnap.error-policy.HTTP_503=stop-endpoint} or {@code patsnap.error-policy.PROTOCOL=fail}).
 */
public final class ErrorCodePolicy {

    /** Key prefix for overrides in the configuration. */
    public static final String OVERRIDE_PREFIX = "patsnap.error-policy.";

    private static final Map<String, Treatment> DEFAULTS = Map.ofEntries(
            Map.entry("67200000", Treatment.RETRY),
            Map.entry("67200001", Treatment.STOP_ACCOUNT),
            Map.entry("67200002", Treatment.RETRY),
            Map.entry("67200003", Treatment.RENEW_TOKEN),
            Map.entry("67200004", Treatment.STOP_ENDPOINT),
            Map.entry("67200005", Treatment.STOP_ACCOUNT),
            Map.entry("67200006", Treatment.STOP_ACCOUNT),
            Map.entry("67200007", Treatment.PAUSE_DAILY),
            Map.entry("67200008", Treatment.STOP_ACCOUNT),
            Map.entry("67200009", Treatment.RENEW_TOKEN),
            Map.entry("67200012", Treatment.REJECT),
            Map.entry("67200100", Treatment.RETRY),
            Map.entry("67200101", Treatment.STOP_ENDPOINT),
            Map.entry("68300004", Treatment.SPLIT_BATCH),
            Map.entry("68300005", Treatment.RETRY),
            Map.entry("68300006", Treatment.RETRY),
            Map.entry("68300007", Treatment.SPLIT_BATCH),
            Map.entry("68300008", Treatment.RETRY),
            Map.entry("68300010", Treatment.FAIL),
            Map.entry("HTTP 401", Treatment.RENEW_TOKEN),
            Map.entry("HTTP 403", Treatment.STOP_ENDPOINT),
            Map.entry("HTTP 404", Treatment.STOP_ENDPOINT),
            Map.entry("HTTP 408", Treatment.RETRY),
            Map.entry("HTTP 425", Treatment.RETRY),
            Map.entry("HTTP 429", Treatment.RETRY),
            Map.entry("HTTP 500", Treatment.RETRY),
            Map.entry("HTTP 502", Treatment.RETRY),
            Map.entry("HTTP 503", Treatment.RETRY),
            Map.entry("HTTP 504", Treatment.RETRY),
            // answers that are not what the API documents (no data array, wrong types, not JSON): a proxy
            // or a gateway in trouble, so retried a bounded number of times like a transient error
            Map.entry(AnswerReader.PROTOCOL, Treatment.RETRY),
            // an answer over patsnap.http.max-answer-bytes or the JSON limits would come back the same
            Map.entry(AnswerReader.TOO_LARGE, Treatment.FAIL));

    private final Map<String, Treatment> table = new TreeMap<>(DEFAULTS);

    /** Applies the {@code patsnap.error-policy.*} overrides found in the given properties. */
    public ErrorCodePolicy(Properties configuration) {
        for (String key : configuration.stringPropertyNames()) {
            if (key.startsWith(OVERRIDE_PREFIX)) {
                String code = key.substring(OVERRIDE_PREFIX.length());
                if (code.startsWith("HTTP_")) {
                    code = "HTTP " + code.substring("HTTP_".length());
                }
                table.put(code, Treatment.parse(configuration.getProperty(key)));
            }
        }
    }

    /** The treatment for an error code from the response body; unknown codes fail (and are reported raw). */
    public Treatment forCode(long errorCode) {
        return forCode(Long.toString(errorCode));
    }

    /**
     * The treatment for a code as the answer gave it (numeric, or text from {@code code}), or for the bundle's own
     * codes {@code PROTOCOL} and {@code ANSWER_TOO_LARGE}; unknown codes fail.
     */
    public Treatment forCode(String code) {
        return table.getOrDefault(code, Treatment.FAIL);
    }

    /** The treatment for a non-200 HTTP status: 5xx is transient, listed statuses as configured, the rest fail. */
    public Treatment forHttpStatus(int status) {
        Treatment t = table.get("HTTP " + status);
        if (t != null) {
            return t;
        }
        return status >= 500 ? Treatment.RETRY : Treatment.FAIL;
    }
}
