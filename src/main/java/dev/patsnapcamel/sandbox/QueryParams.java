package dev.patsnapcamel.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** URL-encoded parameters ({@code a=1&b=2}) of a query string or a form body. */
final class QueryParams {

    private final Map<String, List<String>> values;
    private final boolean wellFormed;

    private QueryParams(Map<String, List<String>> values, boolean wellFormed) {
        this.values = values;
        this.wellFormed = wellFormed;
    }

    /** Parses a raw (still encoded) query string; null or empty gives no parameters. */
    static QueryParams parse(String raw) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return new QueryParams(values, true);
        }
        try {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
            }
            return new QueryParams(values, true);
        } catch (IllegalArgumentException badEncoding) {
            return new QueryParams(values, false);
        }
    }

    /** False if some part could not be decoded. */
    boolean wellFormed() {
        return wellFormed;
    }

    /** The first value of {@code name}, or null. */
    String first(String name) {
        List<String> found = values.get(name);
        return found == null ? null : found.get(0);
    }

    /** Every non-blank, trimmed entry of the comma lists given as {@code name}, in order. */
    List<String> commaList(String name) {
        List<String> entries = new ArrayList<>();
        for (String value : values.getOrDefault(name, List.of())) {
            for (String entry : value.split(",")) {
                if (!entry.isBlank()) {
                    entries.add(entry.trim());
                }
            }
        }
        return entries;
    }

    private static String decode(String encoded) {
        return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    }
}
