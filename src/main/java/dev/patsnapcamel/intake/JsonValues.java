package dev.patsnapcamel.intake;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * Values of a JSON ID list, read element by element: the document must be one array whose elements
 * are strings, or objects with a {@code patent_id} and/or {@code patent_number} string (other keys
 * are ignored; a non-empty patent id wins). Empty strings and objects whose ID keys are empty or
 * {@code null} are skipped. Any other element (number, boolean, null, nested array, object without
 * either key) makes the input unreadable, as does anything after the array, or nesting deeper than
 * {@code intake.json.max-depth}. The reader given is behind a {@link JsonStringGuard}, so no string is
 * held longer than {@code intake.max-value-length} and its mark.
 */
final class JsonValues extends ValueIterator {

    private static final String EXPECTED =
            "expected a string or an object with patent_id/patent_number, e.g. \"US11205304B2\"";

    private final JsonParser parser;
    private final int maxDepth;
    private boolean started;
    private boolean finished;
    private long elements;

    JsonValues(Reader reader, int maxDepth) {
        super(reader);
        this.maxDepth = maxDepth;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .build())
                .build();
        try {
            this.parser = factory.createParser(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected String readNext() throws IOException {
        try {
            if (!started && !start()) {
                return null;
            }
            while (!finished) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    throw new UnreadableInputException("malformed JSON: the input ends inside the array");
                }
                if (token == JsonToken.END_ARRAY) {
                    finished = true;
                    expectNothingMore();
                    return null;
                }
                elements++;
                String value = switch (token) {
                    case VALUE_STRING -> Blanks.strip(parser.getText());
                    case START_OBJECT -> readObject();
                    default ->
                        throw new UnreadableInputException(
                                element(parser.currentTokenLocation()) + " is " + describe(token) + "; " + EXPECTED);
                };
                if (!value.isEmpty()) {
                    return value;
                }
            }
            return null;
        } catch (StreamConstraintsException e) {
            throw new UnreadableInputException(
                    "JSON nested too deeply" + where(parser.currentLocation()) + ": more than " + maxDepth
                            + " levels of arrays and objects (intake.json.max-depth)",
                    e);
        } catch (JsonProcessingException e) {
            throw new UnreadableInputException(
                    "malformed JSON" + where(e.getLocation()) + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Reads up to the opening bracket; false for an empty document. */
    private boolean start() throws IOException {
        started = true;
        JsonToken first = parser.nextToken();
        if (first == null) {
            finished = true;
            return false;
        }
        if (first != JsonToken.START_ARRAY) {
            throw new UnreadableInputException("not a JSON array: the document starts with " + describe(first)
                    + where(parser.currentTokenLocation())
                    + "; expected an array such as [\"US11205304B2\", \"EP1234567B1\"]");
        }
        return true;
    }

    private String readObject() throws IOException {
        JsonLocation objectStart = parser.currentTokenLocation();
        String patentId = null;
        String patentNumber = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            IdField field = IdField.forName(parser.currentName());
            JsonToken valueToken = parser.nextToken();
            if (field == null) {
                parser.skipChildren();
                continue;
            }
            String value = switch (valueToken) {
                case VALUE_STRING -> Blanks.strip(parser.getText());
                case VALUE_NULL -> "";
                default ->
                    throw new UnreadableInputException(element(parser.currentTokenLocation()) + ": \""
                            + parser.currentName() + "\" is " + describe(valueToken) + "; expected a string");
            };
            if (field == IdField.PATENT_ID) {
                patentId = value;
            } else {
                patentNumber = value;
            }
        }
        if (patentId == null && patentNumber == null) {
            throw new UnreadableInputException(
                    element(objectStart) + " is an object without a patent_id or patent_number key");
        }
        return IdField.choose(patentId == null ? "" : patentId, patentNumber == null ? "" : patentNumber);
    }

    private void expectNothingMore() throws IOException {
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new UnreadableInputException("unexpected content after the JSON array"
                    + where(parser.currentTokenLocation()) + ": " + describe(trailing));
        }
    }

    private String element(JsonLocation at) {
        return "JSON element " + elements + where(at);
    }

    private String describe(JsonToken token) throws IOException {
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + parser.getText();
            case VALUE_TRUE, VALUE_FALSE -> "the boolean " + parser.getText();
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
        };
    }

    private static String where(JsonLocation at) {
        return at == null || at.getLineNr() < 0
                ? ""
                : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
