package dev.patsnapcamel.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium, headless, as a person's browser for the tests: it loads a page and gives back the DOM it
 * rendered ({@link #render}). {@link #find} installs the package
 * ({@link DebianPackages}) when it is missing, and skips the test, saying why, when it cannot.
 */
public final class Chromium {

    private static final Path BINARY = Path.of("/usr/bin/chromium");

    private final Path binary;
    private final Path profiles;

    private Chromium(Path binary, Path profiles) {
        this.binary = binary;
        this.profiles = profiles;
    }

    /** Chromium, installed first if need be; the test is skipped (with the reason) when it cannot be had. */
    public static synchronized Chromium find(Path workspace) {
        String problem = DebianPackages.ensure(BINARY, "chromium");
        Assumptions.assumeTrue(
                problem == null,
                () -> "headless Chromium is needed (Debian's package chromium) and could not be installed: " + problem);
        return new Chromium(BINARY, workspace.resolve("chromium"));
    }

    /** The page's DOM once loaded (as serialized by the browser: what a person sees, with its markup). */
    public String render(String url) {
        return run(List.of("--dump-dom", url));
    }

    /** The text a person reads on the page: the DOM's body without markup, entities decoded, spaces folded. */
    public static String text(String dom) {
        String body = dom.replaceAll("(?is)<head>.*?</head>", " ");
        String plain = body.replaceAll("(?s)<[^>]*>", " ");
        Matcher entity =
                Pattern.compile("&(#\\d+|lt|gt|amp|quot|nbsp|#x[0-9a-fA-F]+);").matcher(plain);
        StringBuilder out = new StringBuilder();
        while (entity.find()) {
            String e = entity.group(1);
            String c = switch (e) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                case "nbsp" -> " ";
                default ->
                    e.startsWith("#x")
                            ? Character.toString(Integer.parseInt(e.substring(2), 16))
                            : Character.toString(Integer.parseInt(e.substring(1)));
            };
            entity.appendReplacement(out, Matcher.quoteReplacement(c));
        }
        entity.appendTail(out);
        return out.toString().replaceAll("\\s+", " ").trim();
    }

    private String run(List<String> what) {
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--hide-scrollbars"));
        try {
            Files.createDirectories(profiles);
            // a new empty profile each time: nothing cached between two looks at the page
            command.add("--user-data-dir=" + Files.createTempDirectory(profiles, "profile"));
            command.addAll(what);
            Path out = Files.createTempFile(profiles, "out", ".html");
            Process p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("Chromium did not finish within 60 s: " + command);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("Chromium exited with " + p.exitValue() + ": " + command);
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run Chromium: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Chromium ran", e);
        }
    }
}
