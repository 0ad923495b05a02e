package dev.patsnapcamel.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A complete HTTP answer, built before it is sent (so it can be sent later, from another thread).
 *
 * @param errorCode the {@code error_code} the body carries; 0 for success and for bare HTTP statuses
 */
record Reply(int httpStatus, String contentType, byte[] body, long errorCode) {

    static final ObjectMapper JSON = new ObjectMapper();

    /** HTTP 200 with a JSON body. */
    static Reply json(JsonNode body) {
        try {
            long code = body.path("error_code").asLong(0);
            return new Reply(200, "application/json; charset=UTF-8", JSON.writeValueAsBytes(body), code);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HTTP 200 with {@code {"status":false,"error_code":code,"error_msg":...}}. */
    static Reply error(long code) {
        ObjectNode body = JSON.createObjectNode();
        body.put("status", false);
        body.put("error_code", code);
        body.put("error_msg", ErrorCodes.message(code));
        return json(body);
    }

    /** A bare HTTP status with a short plain-text body. */
    static Reply plain(int httpStatus, String text) {
        return new Reply(httpStatus, "text/plain; charset=UTF-8", text.getBytes(StandardCharsets.UTF_8), 0);
    }

    /** Writes this answer and completes the exchange. */
    void sendTo(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(httpStatus, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
