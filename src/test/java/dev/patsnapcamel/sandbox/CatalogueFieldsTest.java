package dev.patsnapcamel.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * The endpoint catalogue and CSV columns of {@code config/application.properties} (the neighbours' entries
 * included, commented out) name the paths, result fields and record fields the sandbox serves, so that an
 * endpoint added by configuration maps columns to fields that exist.
 */
class CatalogueFieldsTest {

    private static final Pattern ENTRY = Pattern.compile(
            "^#?camel\\.routeTemplate\\[endpoint-batches-([a-z-]+)]\\.(endpoint|path|resultField) = (.+)$");
    private static final Pattern COLUMNS = Pattern.compile("^sink\\.csv\\.columns\\.([a-z-]+) = (.+)$");
    private static final List<String> NUMBERS = IntStream.range(0, 300)
            .mapToObj(i ->
                    List.of("US", "CN", "JP", "DE").get(i % 4) + (30_000_000 + i * 7_919) + (i % 2 == 0 ? "B2" : "A"))
            .toList();

    @Test
    void everyCatalogueEntryNamesASandboxEndpointAndItsResultField() throws IOException {
        Map<String, Map<String, String>> catalogue = catalogue();
        assertThat(catalogue.keySet())
                .containsExactlyInAnyOrder("customs", "license", "litigation", "transfer", "pledge", "reexam");
        for (Map.Entry<String, Map<String, String>> entry : catalogue.entrySet()) {
            Map<String, String> keys = entry.getValue();
            assertThat(keys.get("endpoint")).isEqualTo(entry.getKey());
            assertThat(Endpoint.byPath(keys.get("path"))).as(entry.getKey()).isPresent();
            assertThat(SandboxData.resultField(keys.get("path")))
                    .as(entry.getKey())
                    .isEqualTo(keys.get("resultField"));
        }
    }

    @Test
    void theCsvColumnsOfEveryEndpointAreExactlyTheFieldsOfItsRecords() throws IOException {
        Map<String, Map<String, String>> catalogue = catalogue();
        Map<String, List<String>> columns = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("config/application.properties"))) {
            Matcher m = COLUMNS.matcher(line.trim());
            if (m.matches()) {
                columns.put(
                        m.group(1),
                        Arrays.stream(m.group(2).split(",")).map(String::trim).toList());
            }
        }
        assertThat(columns.keySet()).isEqualTo(catalogue.keySet());
        for (Map.Entry<String, List<String>> endpoint : columns.entrySet()) {
            String path = catalogue.get(endpoint.getKey()).get("path");
            Set<String> fields = new TreeSet<>();
            for (String number : NUMBERS) {
                SandboxData.patent(path, number)
                        .ifPresent(item -> item.get(SandboxData.resultField(path))
                                .forEach(record -> record.fieldNames().forEachRemaining(fields::add)));
            }
            assertThat(new TreeSet<>(endpoint.getValue())).as(endpoint.getKey()).isEqualTo(fields);
        }
    }

    private static Map<String, Map<String, String>> catalogue() throws IOException {
        Map<String, Map<String, String>> catalogue = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("config/application.properties"))) {
            Matcher m = ENTRY.matcher(line.trim());
            if (m.matches()) {
                catalogue
                        .computeIfAbsent(m.group(1), k -> new LinkedHashMap<>())
                        .put(m.group(2), m.group(3).trim());
            }
        }
        return catalogue;
    }
}
