package dev.patsnapcamel.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} lists every key of {@code config/application.properties} and no other: a key in
 * the first column of a table there (several keys in one cell count each) is either a key of the file or a
 * family ({@code <...>}, {@code [...]}, {@code .*}) that covers keys of the file or commented-out examples. The
 * table of renamed keys (old key | new key) is checked the other way: old spellings must not be in the file, the
 * new ones must, and {@link RenamedKeys} must know them all.
 */
class ConfigurationReferenceTest {

    private static final Path FILE = Path.of("config/application.properties");
    private static final Path DOC = Path.of("docs/configuration.md");
    private static final Pattern KEY = Pattern.compile("`([^`]+)`");

    @Test
    void everyKeyOfTheFileIsDocumentedAndEveryDocumentedKeyIsInTheFile() throws IOException {
        Set<String> keys = fileKeys();
        Set<String> documented = new LinkedHashSet<>();
        Set<Pattern> families = new LinkedHashSet<>();
        for (String cell : firstCells(false)) {
            Matcher m = KEY.matcher(cell);
            while (m.find()) {
                String key = m.group(1);
                if (key.contains("<") || key.contains("[") || key.endsWith(".*")) {
                    families.add(family(key));
                } else {
                    documented.add(key);
                }
            }
        }
        Set<String> undocumented = new LinkedHashSet<>();
        for (String key : keys) {
            if (!documented.contains(key)
                    && families.stream().noneMatch(f -> f.matcher(key).matches())) {
                undocumented.add(key);
            }
        }
        assertThat(undocumented).as("keys of %s missing from %s", FILE, DOC).isEmpty();
        Set<String> stale = new LinkedHashSet<>(documented);
        stale.removeAll(keys);
        assertThat(stale).as("keys in %s that %s does not have", DOC, FILE).isEmpty();
        String text = Files.readString(FILE);
        for (Pattern family : families) {
            assertThat(keys.stream().anyMatch(k -> family.matcher(k).matches())
                            || text.lines()
                                    .anyMatch(l -> l.startsWith("#")
                                            && family.matcher(l.substring(1)
                                                            .split("=")[0]
                                                            .trim())
                                                    .matches()))
                    .as("family %s in %s matches nothing in %s", family, DOC, FILE)
                    .isTrue();
        }
    }

    @Test
    void renamedKeysAreTheNewOnesInTheFileAndTheOldOnesAccepted() throws IOException {
        Set<String> keys = fileKeys();
        List<String> rows = firstCells(true);
        assertThat(rows).hasSize(RenamedKeys.OLD_TO_NEW.size());
        for (String row : rows) {
            Matcher m = KEY.matcher(row);
            assertThat(m.find()).isTrue();
            String old = m.group(1);
            assertThat(m.find()).isTrue();
            String renamed = m.group(1);
            assertThat(RenamedKeys.OLD_TO_NEW).containsEntry(old, renamed);
            assertThat(keys).contains(renamed).doesNotContain(old);
        }
    }

    private static Set<String> fileKeys() throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(FILE, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return new LinkedHashSet<>(properties.stringPropertyNames());
    }

    /** The first cell of every table row ({@code renamed}: only the rows of the renamed-keys table, whole). */
    private static List<String> firstCells(boolean renamed) throws IOException {
        List<String> cells = new java.util.ArrayList<>();
        boolean inRenamed = false;
        for (String line : Files.readAllLines(DOC)) {
            if (line.startsWith("| old key | new key |")) {
                inRenamed = true;
                continue;
            }
            if (!line.startsWith("|")) {
                inRenamed = false;
                continue;
            }
            if (line.startsWith("|---") || line.startsWith("| key |")) {
                continue;
            }
            if (inRenamed == renamed) {
                cells.add(renamed ? line : line.substring(1, line.indexOf(" |", 1)));
            }
        }
        return cells;
    }

    /** A documented family as a pattern: {@code <...>} one name, {@code [...]} any index, {@code .*} any rest. */
    private static Pattern family(String key) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '<') {
                i = key.indexOf('>', i);
                regex.append("[^.\\[\\]]+");
            } else if (c == '[' && key.startsWith("[...]", i)) {
                i += 4;
                regex.append("\\[[^\\]]+\\]");
            } else if (c == '*' && i == key.length() - 1) {
                regex.append(".+");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
