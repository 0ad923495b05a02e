package dev.patsnapcamel.sink;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns one value of a record into the text of one spreadsheet cell (and of one line in a mail):
 * <ul>
 * <li>text, numbers and booleans as they are (dates stay {@code yyyymmdd} numbers, as the API sends them);</li>
 * <li>a party ({@code {"lang", "name", "sequence"}}) as its name, a list of parties as their names joined
 * with the separator ({@code "; "} by default), a list of texts likewise;</li>
 * <li>anything else (a list of other objects, an object without a name) as compact JSON;</li>
 * <li>a missing value or JSON {@code null} as an empty cell.</li>
 * </ul>
 */
public final class CellText {

    private final String separator;

    public CellText(String separator) {
        this.separator = separator;
    }

    public String separator() {
        return separator;
    }

    public String of(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        if (isParty(value)) {
            return value.get("name").asText();
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>(value.size());
            for (JsonNode element : value) {
                if (element.isValueNode() && !element.isNull()) {
                    parts.add(element.asText());
                } else if (isParty(element)) {
                    parts.add(element.get("name").asText());
                } else {
                    return value.toString();
                }
            }
            return String.join(separator, parts);
        }
        return value.toString();
    }

    private static boolean isParty(JsonNode node) {
        return node.isObject() && node.path("name").isTextual();
    }
}
