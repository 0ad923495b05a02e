package dev.patsnapcamel.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * A complete HTTP answer, built before it is sent (so it can be sent later, from another thread).
 *
 * @param errorCode the {@code error_code} the body carries; 0 for success and for bare HTTP statuses
 * @param headers   extra response headers (e.g. {@code Retry-After})
 */
record Reply(int httpStatus, String contentType, byte[] body, long errorCode, Map<String, String> headers) {

    /**
     * The sandbox's one mapper: it stands in for PatSnap and shares nothing with the bundle (not even the
     * bundle's {@code ops/Json}), so that it stays an outside server however the bundle is configured.
     */
    static final ObjectMapper JSON = new ObjectMapper();

    private static final String JSON_TYPE = "application/json; charset=UTF-8";

    Reply {
        headers = Map.copyOf(headers);
    }

    /** HTTP 200 with a JSON body. */
    static Reply json(JsonNode body) {
        return json(200, body);
    }

    /** HTTP 200 with {@code {"status":false,"error_code":code,"error_msg":...}}. */
    static Reply error(long code) {
        return json(200, errorBody(code));
    }

    /** A bare HTTP status with a short plain-text body. */
    static Reply plain(int httpStatus, String text) {
        return new Reply(httpStatus, "text/plain; charset=UTF-8", text.getBytes(StandardCharsets.UTF_8), 0, Map.of());
    }

    /**
     * An HTTP error status: with the JSON error envelope when {@code jsonBody} (its {@code error_code}
     * the PatSnap code closest to the status, see {@link ErrorCodes#forHttpStatus}), else plain text.
     */
    static Reply httpError(int httpStatus, String text, boolean jsonBody) {
        return jsonBody ? json(httpStatus, errorBody(ErrorCodes.forHttpStatus(httpStatus))) : plain(httpStatus, text);
    }

    /** This answer with one more header. */
    Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(httpStatus, contentType, body, errorCode, more);
    }

    /** Writes this answer and completes the exchange. */
    void sendTo(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            headers.forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(httpStatus, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static ObjectNode errorBody(long code) {
        ObjectNode body = JSON.createObjectNode();
        body.put("status", false);
        body.put("error_code", code);
        body.put("error_msg", ErrorCodes.message(code));
        return body;
    }

    private static Reply json(int httpStatus, JsonNode body) {
        try {
            long code = body.path("error_code").asLong(0);
            return new Reply(httpStatus, JSON_TYPE, JSON.writeValueAsBytes(body), code, Map.of());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
