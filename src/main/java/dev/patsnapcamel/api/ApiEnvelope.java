package dev.patsnapcamel.api;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The envelope every PatSnap business call answers with:
 * {@code {"data": [...], "status": true, "error_code": 0}} or
 * {@code {"status": false, "error_code": N, "error_msg": "..."}}. Public clients also see the code as
 * {@code code} (a number or a string) and the message as {@code error_message} or {@code message}, so all of
 * these are read. A successful answer must carry a {@code data} array of objects whose result field is an
 * array: anything else is a {@link AnswerReader#PROTOCOL} error, never "not found" or "empty".
 *
 * @param status    the {@code status} field, null when absent
 * @param errorCode the error code as text ({@code error_code}, else {@code code}), null when absent
 * @param errorMsg  {@code error_msg}, else {@code error_message}, else {@code message}; null when absent
 * @param data      the items of a successful answer (empty for a failed one)
 */
public record ApiEnvelope(Boolean status, String errorCode, String errorMsg, List<PatentData> data) {

    /** Reads an answer; the result field is the one the endpoint's items must carry (e.g. {@code patent_license_data}). */
    public static ApiEnvelope of(JsonNode root, String resultField) {
        if (!root.isObject()) {
            throw protocol("the answer is not a JSON object");
        }
        ApiEnvelope head = head(root);
        if (!head.succeeded()) {
            return head;
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isArray()) {
            throw protocol(
                    data == null || data.isNull()
                            ? "the answer has no data array"
                            : "data is not an array but " + kind(data));
        }
        List<PatentData> items = new ArrayList<>(data.size());
        for (JsonNode item : data) {
            if (!(item instanceof ObjectNode object)) {
                throw protocol("an item of data is not an object but " + kind(item));
            }
            JsonNode records = object.get(resultField);
            if (records == null) {
                throw protocol("an item of data has no " + resultField);
            }
            if (!records.isArray() && !records.isNull()) {
                throw protocol(resultField + " is not an array but " + kind(records));
            }
            items.add(PatentData.of(object, resultField));
        }
        return new ApiEnvelope(head.status(), head.errorCode(), head.errorMsg(), items);
    }

    /** The status, code and message of any answer (a token answer too), without its data. */
    public static ApiEnvelope head(JsonNode root) {
        Boolean status = status(root.get("status"));
        String code = code(root.get("error_code"));
        if (code == null) {
            code = code(root.get("code"));
        }
        String message = text(root, "error_msg");
        if (message == null) {
            message = text(root, "error_message");
        }
        if (message == null) {
            message = text(root, "message");
        }
        return new ApiEnvelope(status, code, message, List.of());
    }

    /** True when the call succeeded (a missing error code with {@code status: true} or no status counts as success). */
    public boolean succeeded() {
        return (errorCode == null || isZero(errorCode)) && !Boolean.FALSE.equals(status);
    }

    public List<PatentData> items() {
        return data == null ? List.of() : data;
    }

    private static boolean isZero(String code) {
        try {
            return Long.parseLong(code) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Boolean status(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        String s = node.asText().trim();
        return s.equalsIgnoreCase("false") ? Boolean.FALSE : s.equalsIgnoreCase("true") ? Boolean.TRUE : null;
    }

    private static String code(JsonNode node) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            return null;
        }
        String s =
                node.isNumber() ? Long.toString(node.asLong()) : node.asText().trim();
        return s.isEmpty() ? null : s;
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static AnswerReader.Failure protocol(String message) {
        return new AnswerReader.Failure(AnswerReader.PROTOCOL, message);
    }
}
