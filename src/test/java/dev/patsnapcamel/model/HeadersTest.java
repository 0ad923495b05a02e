package dev.patsnapcamel.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every {@code Patsnap*} header or exchange property the routes name is a constant of {@link Headers}, every
 * constant is used (by a route or a bean), each once, with its meaning, and no Java source spells one out.
 */
class HeadersTest {

    static final Pattern NAME = Pattern.compile("(?<![\\w.])Patsnap[A-Z]\\w*");
    static final Path HEADERS = Path.of("src/main/java/dev/patsnapcamel/model/Headers.java");

    @Test
    void theRoutesNameOnlyHeadersOfTheClassAndEveryConstantIsUsed() throws IOException {
        Map<String, String> constants = constants();
        Set<String> inRoutes = new TreeSet<>();
        for (Path file : files(Path.of("routes"), ".yaml")) {
            Matcher m = NAME.matcher(Files.readString(file));
            while (m.find()) {
                inRoutes.add(m.group());
            }
        }
        // Java classes named in the routes (exception types) are not headers
        inRoutes.removeIf(
                name -> !files(Path.of("src/main/java"), "/" + name + ".java").isEmpty());

        assertThat(constants.values()).containsAll(inRoutes);

        StringBuilder java = new StringBuilder();
        for (Path file : files(Path.of("src/main/java"), ".java")) {
            if (!file.endsWith(HEADERS.getFileName()) || !file.toString().contains("/model/")) {
                java.append(Files.readString(file));
            }
        }
        List<String> unused = new ArrayList<>();
        constants.forEach((field, value) -> {
            if (!inRoutes.contains(value) && !java.toString().contains("Headers." + field)) {
                unused.add(field);
            }
        });
        assertThat(unused).as("constants neither a route nor a bean uses").isEmpty();
    }

    @Test
    void eachNameIsDefinedOnceWithItsMeaningAndNoJavaSourceSpellsItOut() throws IOException {
        Map<String, String> constants = constants();
        assertThat(Set.copyOf(constants.values())).hasSameSizeAs(constants.values());
        String source = Files.readString(HEADERS);
        for (String field : constants.keySet()) {
            assertThat(source)
                    .as(field)
                    .containsPattern("/\\*\\*[^\\n]+\\*/\\n\\s+public static final String " + field + " =");
        }
        List<String> literals = new ArrayList<>();
        for (Path file : files(Path.of("src/main/java"), ".java")) {
            if (file.equals(HEADERS)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).matches(".*\"Patsnap[A-Z]\\w*\".*")) {
                    literals.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        assertThat(literals).as("use the constants of Headers").isEmpty();
    }

    static Map<String, String> constants() {
        Map<String, String> constants = new LinkedHashMap<>();
        for (Field field : Headers.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    constants.put(field.getName(), (String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return constants;
    }

    static List<Path> files(Path root, String ending) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(ending))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
