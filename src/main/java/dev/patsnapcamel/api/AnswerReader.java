package dev.patsnapcamel.api;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Reads the body of a PatSnap answer with caps: at most {@code patsnap.http.max-answer-bytes} bytes
 * (counted after decompression, while reading, so that an oversized answer is never held whole) and JSON
 * nested at most {@code patsnap.http.max-json-depth} levels (Jackson's {@link StreamReadConstraints}).
 * A body that breaks a cap fails with {@code ANSWER_TOO_LARGE}; one that is not JSON with {@code PROTOCOL}.
 * <p>
 * The business calls' client (camel-vertx-http) hands over the whole body as a {@code byte[]}: it has
 * collected it in memory, but never more than the same cap ({@link CappedAnswer}); an answer it cut off
 * arrives as {@link CappedAnswer.Oversized} and fails here like any body over the cap.
 */
public final class AnswerReader {

    /** Code of a call whose answer is larger than the cap. */
    public static final String TOO_LARGE = "ANSWER_TOO_LARGE";
    /** Code of a call whose answer is not what the API documents (not JSON, no proper {@code data} array, ...). */
    public static final String PROTOCOL = "PROTOCOL";

    private final long maxBytes;
    /**
     * A mapper of its own, deliberately not the shared {@code jsonMapper}: answers come from outside, so its
     * parser is capped ({@code patsnap.http.max-json-depth}) and it only reads trees.
     */
    private final ObjectMapper json;

    public AnswerReader(ApiClientSettings settings) {
        this.maxBytes = settings.maxAnswerBytes();
        this.json = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(settings.maxJsonDepth())
                        .build())
                .build());
    }

    /** The most bytes read of one answer. */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * The body as JSON. Throws {@link Failure} with {@link #TOO_LARGE} or {@link #PROTOCOL}; an empty body is
     * {@link #PROTOCOL} too. The stream is closed in any case.
     */
    public JsonNode json(Object body) {
        try (InputStream in = limited(body)) {
            JsonNode node = json.readTree(in);
            if (node == null || node instanceof MissingNode) {
                throw new Failure(PROTOCOL, "the answer is empty");
            }
            return node;
        } catch (TooLarge e) {
            throw new Failure(TOO_LARGE, e.getMessage());
        } catch (StreamConstraintsException e) {
            throw new Failure(
                    TOO_LARGE,
                    "the answer breaks a JSON limit (patsnap.http.max-json-depth is "
                            + json.getFactory().streamReadConstraints().getMaxNestingDepth() + "): "
                            + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new Failure(PROTOCOL, "the answer is not JSON");
        } catch (IOException e) {
            throw new Failure("IO", "reading the answer failed: " + e.getClass().getSimpleName());
        }
    }

    /**
     * The body as text, at most {@code limit} characters with control characters replaced, for the message
     * of an answer that is not the envelope (an HTTP error page, for example). Never fails.
     */
    public String text(Object body, int limit) {
        try (InputStream in = limited(body)) {
            byte[] head = in.readNBytes(limit * 4);
            String text = new String(head, StandardCharsets.UTF_8)
                    .replaceAll("\\p{Cntrl}+", " ")
                    .strip();
            return text.length() > limit ? text.substring(0, limit) + "..." : text;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private InputStream limited(Object body) throws TooLarge {
        InputStream in;
        if (body instanceof CappedAnswer.Oversized) {
            // cut off by the client as it came in (see CallBinding): never held whole
            throw new TooLarge(maxBytes);
        } else if (body == null) {
            in = InputStream.nullInputStream();
        } else if (body instanceof InputStream stream) {
            in = stream;
        } else if (body instanceof byte[] bytes) {
            in = new ByteArrayInputStream(bytes);
        } else {
            in = new ByteArrayInputStream(body.toString().getBytes(StandardCharsets.UTF_8));
        }
        return new Limited(in, maxBytes);
    }

    private static String firstLine(String message) {
        String m = message == null ? "" : message;
        int end = m.indexOf('\n');
        return end < 0 ? m : m.substring(0, end);
    }

    /** A cap of the answer was reached. */
    static final class TooLarge extends IOException {
        TooLarge(long max) {
            super("the answer is larger than patsnap.http.max-answer-bytes (" + max + " bytes)");
        }
    }

    /** The answer cannot be used: its code ({@link #TOO_LARGE}, {@link #PROTOCOL}, {@code IO}) and why. */
    public static final class Failure extends RuntimeException {
        private final String code;

        Failure(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** Counts the bytes read and fails once more than the cap have come. */
    static final class Limited extends FilterInputStream {
        private final long max;
        private long count;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counted(skipped);
            return skipped;
        }

        private void counted(long n) throws IOException {
            count += n;
            if (count > max) {
                throw new TooLarge(max);
            }
        }
    }
}
