package dev.patsnapcamel.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Where a message goes is written in the routes only: every route file holds one definition whose id is
 * the file's stem ({@code routes/<stage>/<id>.camel.yaml}), a route fed by {@code direct:} is fed by its own
 * id, and no Java source names a route or a {@code direct:} endpoint.
 */
class RoutesInYamlTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Path ROUTES = Path.of("routes");
    static final String SUFFIX = ".camel.yaml";
    /** Strings in Java equal to a route id for another reason, with that reason. */
    static final Map<String, String> NOT_ROUTE_IDS = Map.of(
            "\"alerts-to-mail\"",
            "the name the mailed alerts are stored under in the state database (camel-sql's CAMEL_MESSAGEPROCESSED)");

    @Test
    void everyRouteFileHoldsOneDefinitionNamedAsTheFileAndFedByItsOwnName() throws IOException {
        Map<Path, String> ids = ids();
        assertThat(ids).hasSizeGreaterThan(30);
        for (Path file : routeFiles()) {
            assertThat(file.getFileName().toString()).as(file.toString()).endsWith(SUFFIX);
            JsonNode definitions = YAML.readTree(file.toFile());
            assertThat(definitions.size())
                    .as(file + ": one definition per file")
                    .isEqualTo(1);
            String stem = stem(file);
            assertThat(ids.get(file)).as(file.toString()).isEqualTo(stem);
            JsonNode definition = definitions.get(0);
            JsonNode from = definition.has("route")
                    ? definition.path("route").path("from")
                    : definition.path("routeTemplate").path("route").path("from");
            String uri = from.path("uri").asText("");
            if (uri.startsWith("direct:")) {
                String name = uri.substring("direct:".length());
                if (definition.has("routeTemplate")) {
                    // a template's routes are fed by <template id>-<parameter>, their own ids
                    assertThat(name).as(file.toString()).matches(java.util.regex.Pattern.quote(stem) + "-\\{\\{\\w+}}");
                } else {
                    assertThat(name).as(file.toString()).isEqualTo(stem);
                }
            }
        }
    }

    @Test
    void noJavaSourceNamesARouteOrADirectEndpoint() throws IOException {
        Set<String> ids = Set.copyOf(ids().values());
        List<String> found = new ArrayList<>();
        for (Path root : List.of(Path.of("src/main/java"), Path.of("src/karaf/java"))) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java"))
                        .sorted()
                        .toList()) {
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i);
                        if (line.contains("\"direct:")) {
                            found.add(file + ":" + (i + 1) + ": " + line.trim());
                        }
                        for (String id : ids) {
                            String quoted = "\"" + id + "\"";
                            if ((line.contains(quoted) && !NOT_ROUTE_IDS.containsKey(quoted))
                                    || line.contains("\"" + id + "-\"")) {
                                found.add(file + ":" + (i + 1) + ": " + line.trim());
                            }
                        }
                    }
                }
            }
        }
        assertThat(found)
                .as("route ids and direct: endpoints belong in routes/")
                .isEmpty();
    }

    /** The id of the one definition in each route file. */
    static Map<Path, String> ids() throws IOException {
        Map<Path, String> ids = new LinkedHashMap<>();
        for (Path file : routeFiles()) {
            for (JsonNode element : YAML.readTree(file.toFile())) {
                String kind = element.fieldNames().next();
                JsonNode definition = element.path(kind);
                ids.put(
                        file,
                        "templatedRoute".equals(kind)
                                ? definition.path("routeId").asText()
                                : definition.path("id").asText());
            }
        }
        return ids;
    }

    static List<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ROUTES)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(SUFFIX)
                ? name.substring(0, name.length() - SUFFIX.length())
                : name.substring(0, name.length() - ".yaml".length());
    }
}
