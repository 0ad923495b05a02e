package dev.patsnapcamel.watchlist;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A digest of a patent's records at one endpoint that two runs can be compared by: the same records give
 * the same digest whatever the order of the records in the answer and of the fields in each record (the
 * API does not promise an order); any other difference, down to one value, gives another digest. The
 * order inside a record's own lists (e.g. the persons of a licence, which carry a sequence) counts.
 */
public final class RecordsDigest {

    private RecordsDigest() {}

    /** SHA-256 (hex) of the canonical form of the records array; an absent value counts as no records. */
    public static String of(JsonNode records) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical(records).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The canonical text: the records sorted by their own canonical text, fields sorted by name at every level. */
    static String canonical(JsonNode records) {
        if (records == null || records.isNull() || records.isMissingNode()) {
            return "[]";
        }
        if (!records.isArray()) {
            return text(sorted(records));
        }
        List<String> items = new ArrayList<>(records.size());
        records.forEach(r -> items.add(text(sorted(r))));
        items.sort(null);
        return "[" + String.join(",", items) + "]";
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            node.fields().forEachRemaining(f -> fields.put(f.getKey(), sorted(f.getValue())));
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            fields.forEach(copy::set);
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(sorted(item)));
            return copy;
        }
        return node;
    }

    /**
     * A tree as compact JSON: Jackson's own serialisation of a tree ({@link JsonNode#toString()}, the same
     * text as a default mapper writes), never a configured mapper's, so that no setting can change a
     * digest that earlier runs stored.
     */
    private static String text(JsonNode node) {
        return node.toString();
    }
}
