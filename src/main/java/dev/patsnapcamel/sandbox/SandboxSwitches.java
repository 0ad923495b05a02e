package dev.patsnapcamel.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The real-service rehearsal switches by name, as set in the configuration ({@code patsnap.sandbox.<name>})
 * and through {@code POST /_sandbox/inject?<name>=<value>}:
 * <ul>
 *   <li>{@code token-answer}: {@code flat} or {@code wrapped};</li>
 *   <li>{@code rate-limit-answer}: {@code body} (67200002) or {@code http-429};</li>
 *   <li>{@code retry-after}: seconds of the 429 {@code Retry-After} header, 0 for none;</li>
 *   <li>{@code api-key-in-query}: {@code true} or {@code false};</li>
 *   <li>{@code error-bodies}: {@code plain} or {@code json};</li>
 *   <li>{@code profile}: {@code demo} or {@code realistic};</li>
 *   <li>{@code time-scale}: factor on the realistic profile's delays, e.g. {@code 0.01}.</li>
 * </ul>
 */
public final class SandboxSwitches {

    /** The switch names, in the order they are applied. */
    public static final List<String> NAMES = List.of(
            "token-answer",
            "rate-limit-answer",
            "retry-after",
            "api-key-in-query",
            "error-bodies",
            "profile",
            "time-scale");

    private SandboxSwitches() {}

    /**
     * Sets every switch {@code valueOf} has a non-blank value for (null or blank: left as it is).
     *
     * @return how many switches were set
     * @throws IllegalArgumentException naming the switch, if a value is not one it takes
     */
    public static int apply(SandboxSettings settings, Function<String, String> valueOf) {
        int set = 0;
        for (String name : NAMES) {
            String value = valueOf.apply(name);
            if (value == null || value.isBlank()) {
                continue;
            }
            String trimmed = value.trim();
            try {
                switch (name) {
                    case "token-answer" -> settings.tokenAnswer(choice(SandboxSettings.TokenAnswer.class, trimmed));
                    case "rate-limit-answer" ->
                        settings.rateLimitAnswer(choice(SandboxSettings.RateLimitAnswer.class, trimmed));
                    case "retry-after" -> settings.retryAfterSeconds(Integer.parseInt(trimmed));
                    case "api-key-in-query" -> settings.apiKeyInQuery(bool(trimmed));
                    case "error-bodies" -> settings.errorBodies(choice(SandboxSettings.ErrorBodies.class, trimmed));
                    case "profile" -> settings.profile(choice(SandboxSettings.Profile.class, trimmed));
                    case "time-scale" -> settings.timeScale(Double.parseDouble(trimmed));
                    default -> throw new IllegalStateException(name);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "patsnap.sandbox." + name + ": not a value it takes: '" + printable(trimmed) + "'", e);
            }
            set++;
        }
        return set;
    }

    /** The current values, by name, as {@link #apply} takes them. */
    public static Map<String, Object> current(SandboxSettings settings) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("token-answer", name(settings.tokenAnswer()));
        values.put("rate-limit-answer", name(settings.rateLimitAnswer()));
        values.put("retry-after", settings.retryAfterSeconds());
        values.put("api-key-in-query", settings.apiKeyInQuery());
        values.put("error-bodies", name(settings.errorBodies()));
        values.put("profile", name(settings.profile()));
        values.put("time-scale", settings.timeScale());
        return values;
    }

    static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String value) {
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    private static boolean bool(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("true or false");
        };
    }

    /** The value for an error message: at most 40 printable ASCII characters. */
    private static String printable(String value) {
        String cut = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
