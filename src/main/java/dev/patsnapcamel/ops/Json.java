package dev.patsnapcamel.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The bundle's one JSON configuration. {@link #mapper()} is made once at start-up and bound as the bean
 * {@code jsonMapper}, which the beans get in their constructors and the routes' {@code marshal: json} /
 * {@code unmarshal: json} name ({@code objectMapper: "#jsonMapper"}); {@code jsonReportMapper} is the same
 * configuration, indented, for the report files.
 * <p>
 * The configuration is Jackson's defaults: compact output (a ledger line is one line), properties in the
 * order and with the inclusion their classes' annotations give ({@code @JsonPropertyOrder},
 * {@code @JsonInclude}), dates as the ISO texts the model classes already hold (no date module).
 * Deliberately different mappers stay where they are, each saying why: {@code api/AnswerReader} (a
 * copy with read limits for answers from outside), {@code output/ResultTable} (keys sorted, the canonical
 * form of a record), the sandbox (a stand-in server that shares nothing with the bundle).
 */
public final class Json {

    private Json() {}

    /** A new mapper with the bundle's configuration; the wiring makes one and shares it. */
    public static ObjectMapper mapper() {
        return JsonMapper.builder().build();
    }

    /**
     * The same configuration, writing indented JSON: the bean {@code jsonReportMapper} of the report files
     * (as Camel's {@code prettyPrint} wrote them). Never the shared mapper itself: a route's data-format
     * options would change it for every writer (Camel applies them to a mapper it is given by reference).
     */
    public static ObjectMapper indented(ObjectMapper mapper) {
        return mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
