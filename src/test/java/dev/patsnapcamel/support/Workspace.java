package dev.patsnapcamel.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A test's view of the bundle's folders under {@code target/it/<name>}: drops files into the inbox
 * (atomically, so that the watched folder never sees them half-written unless a test wants that) and
 * reads back ledgers and reports.
 */
public final class Workspace {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    public Workspace(String name) {
        this.root = Path.of("target", "it", name);
    }

    public Path root() {
        return root;
    }

    public Path inbox() {
        return root.resolve("inbox");
    }

    public Path outbox() {
        return root.resolve("outbox");
    }

    /**
     * Deletes everything, the state database included; call it before the bundle starts (e.g. from a
     * static field initialiser), since a running bundle holds the database open.
     */
    public Workspace wipe() {
        deleteTree(root);
        return clean();
    }

    /** Empties the inbox and the outbox (the state database stays). */
    public Workspace clean() {
        deleteTree(inbox());
        deleteTree(outbox());
        try {
            Files.createDirectories(inbox());
            Files.createDirectories(outbox());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Writes a file next to the inbox and moves it in, so it appears complete at once. */
    public Path drop(String name, byte[] content) {
        try {
            Files.createDirectories(inbox());
            Path staged = root.resolve(name + ".staged");
            Files.write(staged, content);
            return Files.move(staged, inbox().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path drop(String name, String content) {
        return drop(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public Path report(String source) {
        return outbox().resolve("reports").resolve(source + ".json");
    }

    /** Waits for the report of a source and returns it. */
    public JsonNode awaitReport(String source, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> Files.exists(report(source)));
        return readJson(report(source));
    }

    /** Every ledger line written for an endpoint so far, in file order. */
    public List<JsonNode> ledger(String endpoint) {
        Path folder = outbox().resolve(endpoint);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<JsonNode> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl"))
                    .sorted()
                    .toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    lines.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** The files under a folder of the inbox (e.g. {@code .done}, {@code .failed}), by name. */
    public List<String> inboxFiles(String folder) {
        Path dir = inbox().resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
