package dev.patsnapcamel.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * PatSnap's own example patents ({@code examples.json} next to this class, copied from the seed API
 * pages): their fixed ids where the pages give one, and their records at the endpoints the pages show.
 * These patents are always known.
 */
final class ExamplePatents {

    /** One example patent: its number, its id (null: the derived one) and records per result field. */
    record Example(String pn, String patentId, Map<String, ArrayNode> records) {}

    private static final Map<String, Example> BY_NUMBER = new HashMap<>();
    private static final Map<String, String> NUMBER_BY_ID = new HashMap<>();

    static {
        try (InputStream in = ExamplePatents.class.getResourceAsStream("examples.json")) {
            if (in == null) {
                throw new IllegalStateException("examples.json is missing from the sandbox");
            }
            for (JsonNode patent : Reply.JSON.readTree(in).get("patents")) {
                String pn = patent.get("pn").asText().toUpperCase(Locale.ROOT);
                String id = patent.hasNonNull("patent_id")
                        ? patent.get("patent_id").asText().toLowerCase(Locale.ROOT)
                        : null;
                Map<String, ArrayNode> records = new HashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it =
                                patent.get("records").fields();
                        it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    records.put(field.getKey(), (ArrayNode) field.getValue());
                }
                BY_NUMBER.put(pn, new Example(pn, id, Map.copyOf(records)));
                if (id != null) {
                    NUMBER_BY_ID.put(id, pn);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sandbox's example patents", e);
        }
    }

    private ExamplePatents() {}

    /** The example patent with this (upper-case) number. */
    static Optional<Example> byNumber(String pn) {
        return Optional.ofNullable(BY_NUMBER.get(pn));
    }

    /** The number of the example patent with this fixed (lower-case) id. */
    static Optional<String> numberOfId(String id) {
        return Optional.ofNullable(NUMBER_BY_ID.get(id));
    }

    /** The example's records at an endpoint, a fresh copy; empty if the page shows none there. */
    static Optional<ArrayNode> records(String pn, String resultField) {
        Example example = BY_NUMBER.get(pn);
        return example == null || !example.records().containsKey(resultField)
                ? Optional.empty()
                : Optional.of(example.records().get(resultField).deepCopy());
    }
}
