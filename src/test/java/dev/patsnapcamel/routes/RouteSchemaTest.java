package dev.patsnapcamel.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Validates every route file against the YAML DSL schema that ships inside camel-yaml-dsl, at build
 * time: the same check camel-yaml-dsl-validator-maven-plugin makes (that plugin is not available
 * from the Maven repository our machines reach).
 */
class RouteSchemaTest {

    static final JsonSchema SCHEMA = loadSchema();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[a-zA-Z0-9._-]+}}");

    static Stream<Path> routeFiles() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.walk(Path.of("routes"))) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void routeFileMatchesTheYamlDslSchema(Path file) throws IOException {
        JsonNode routes = YAML.readTree(file.toFile());

        List<ValidationMessage> problems = SCHEMA.validate(routes).stream()
                .filter(m -> !placeholderForTypedOption(m))
                .toList();

        assertThat(problems).as(file.toString()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void theSchemaCatchesAMisspelledStep() throws IOException {
        JsonNode broken = YAML.readTree("- route:\n    id: broken-route\n    from:\n      uri: direct:a\n"
                + "      steps:\n        - tto: direct:b\n");

        assertThat(SCHEMA.validate(broken)).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void everyRouteHasAStableIdSayingWhatItDoes(Path file) throws IOException {
        for (JsonNode element : YAML.readTree(file.toFile())) {
            JsonNode definition = element.elements().next();
            String id = definition.has("routeId")
                    ? definition.path("routeId").asText()
                    : definition.path("id").asText();
            assertThat(id).as(file.toString()).matches("[a-z]+(-[a-z]+)+");
        }
    }

    /**
     * A {@code {{placeholder}}} where the schema wants a number or boolean is fine: Camel resolves it
     * before converting the option, and every limit must come from the configuration.
     */
    static boolean placeholderForTypedOption(ValidationMessage message) {
        JsonNode value = message.getInstanceNode();
        return "type".equals(message.getType())
                && value != null
                && value.isTextual()
                && PLACEHOLDER.matcher(value.asText()).matches();
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = RouteSchemaTest.class.getClassLoader().getResourceAsStream("schema/camelYamlDsl.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the YAML DSL schema", e);
        }
    }
}
