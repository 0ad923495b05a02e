package dev.patsnapcamel.output;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A typed column of a record table ({@link ResultTable}), named as the record field it holds, and how a field's
 * JSON becomes the column's value: text cut to the column's length, the API's dates, lists joined, a person's
 * name.
 */
record ResultColumn(String name, Kind kind, int length) {

    enum Kind {
        TEXT,
        DATE,
        LIST,
        PERSON_NAME
    }

    static ResultColumn text(String name, int length) {
        return new ResultColumn(name, Kind.TEXT, length);
    }

    static ResultColumn date(String name) {
        return new ResultColumn(name, Kind.DATE, 0);
    }

    /** An array of strings, joined with {@code "; "}. */
    static ResultColumn list(String name, int length) {
        return new ResultColumn(name, Kind.LIST, length);
    }

    /** The {@code name} of a person object. */
    static ResultColumn personName(String name, int length) {
        return new ResultColumn(name, Kind.PERSON_NAME, length);
    }

    Object value(JsonNode value) {
        return switch (kind) {
            case TEXT -> cut(textOf(value), length);
            case DATE -> dateOf(value);
            case LIST -> {
                if (value == null || !value.isArray()) {
                    yield cut(textOf(value), length);
                }
                List<String> items = new ArrayList<>();
                value.forEach(v -> items.add(textOf(v)));
                yield cut(String.join("; ", items), length);
            }
            case PERSON_NAME ->
                value != null && value.isObject() ? cut(textOf(value.get("name")), length) : cut(textOf(value), length);
        };
    }

    /** A value's text: a JSON value as it is, an object or array as JSON; null for none. */
    static String textOf(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    static String cut(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length);
    }

    /** The API's dates: {@code yyyymmdd} integers (or such strings, or ISO dates); anything else is no date. */
    static LocalDate dateOf(JsonNode value) {
        String text = textOf(value);
        if (text == null) {
            return null;
        }
        text = text.trim();
        try {
            if (text.matches("\\d{8}")) {
                return LocalDate.of(
                        Integer.parseInt(text.substring(0, 4)),
                        Integer.parseInt(text.substring(4, 6)),
                        Integer.parseInt(text.substring(6, 8)));
            }
            if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(text);
            }
        } catch (DateTimeException e) {
            return null;
        }
        return null;
    }
}
