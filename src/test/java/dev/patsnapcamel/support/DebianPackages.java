package dev.patsnapcamel.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Debian packages some tests use (Chromium, Prometheus's promtool), installed by the tests themselves
 * ({@code apt-get install}) when missing and the tests run as root, as on a fresh CI machine. Each package is
 * tried once per JVM; a test that cannot have it is skipped by its caller, saying why.
 */
public final class DebianPackages {

    /** Prometheus's promtool (Debian package prometheus): checks rules, configurations and expositions. */
    public static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private static final long MINUTES_TO_INSTALL = 10;
    /** Per package: null once installed, else why it could not be. */
    private static final Map<String, String> TRIED = new ConcurrentHashMap<>();

    private DebianPackages() {}

    /**
     * Makes sure the program is there, installing its package if need be.
     *
     * @return null when the program is there, else why it is not (for the skip message)
     */
    public static synchronized String ensure(Path program, String debianPackage) {
        if (Files.isExecutable(program)) {
            return null;
        }
        String problem = TRIED.computeIfAbsent(debianPackage, DebianPackages::install);
        if (problem == null && !Files.isExecutable(program)) {
            return program + " is not there after installing " + debianPackage;
        }
        return problem;
    }

    /** Null when promtool is there (installed now if need be), else why it is not. */
    public static String promtool() {
        return ensure(PROMTOOL, "prometheus");
    }

    /**
     * {@code promtool check metrics} on an exposition (promtool must be there: see {@link #promtool()}).
     *
     * @return promtool's exit value: 0 clean, 3 lint remarks only (names, help texts), 1 not parsable; a
     *     parsing error also throws, with promtool's output
     */
    public static int promtoolCheckMetrics(String exposition) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
                .redirectErrorStream(true)
                .start();
        try (var in = process.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("promtool check metrics did not finish within 60 s");
        }
        if (out.contains("error while linting") || out.contains("parsing error")) {
            throw new IllegalStateException("promtool cannot parse the exposition: " + out);
        }
        return process.exitValue();
    }

    /** Installs the package; null once it is, else why it could not be. */
    private static String install(String debianPackage) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "not root (run: sudo apt-get install -y " + debianPackage + ")";
        }
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return "no apt-get on this machine (install " + debianPackage + ")";
        }
        String problem = apt("install", "-y", "--no-install-recommends", debianPackage);
        if (problem != null) {
            // a fresh machine may not have the package lists yet
            apt("update");
            problem = apt("install", "-y", "--no-install-recommends", debianPackage);
        }
        return problem;
    }

    private static String apt(String... arguments) {
        List<String> command = new ArrayList<>(List.of("apt-get", "-q"));
        command.addAll(List.of(arguments));
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = builder.start();
            if (!p.waitFor(MINUTES_TO_INSTALL, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return String.join(" ", command) + " took longer than " + MINUTES_TO_INSTALL + " minutes";
            }
            return p.exitValue() == 0 ? null : String.join(" ", command) + " exited with " + p.exitValue();
        } catch (IOException e) {
            return "cannot run apt-get: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while apt-get ran";
        }
    }
}
