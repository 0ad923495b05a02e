package dev.patsnapcamel.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.patsnapcamel.PatsnapCamelApplication;

/**
 * The bundle in a JVM of its own, started as an operator would start it (same main class, the test
 * class path instead of the jar), with settings given as environment variables and {@code -D} options.
 * Output goes to a log file in the workspace.
 */
public final class BundleProcess implements AutoCloseable {

    private final List<String> options = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Path log;
    private Path directory;
    private Process process;

    public BundleProcess(Path log) {
        this.log = log;
    }

    /** Adds a JVM option such as {@code -Dintake.file.dir=...}. */
    public BundleProcess option(String option) {
        options.add(option);
        return this;
    }

    /** The working directory of the bundle (the test's own by default). */
    public BundleProcess directory(Path workingDirectory) {
        this.directory = workingDirectory;
        return this;
    }

    public BundleProcess env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public BundleProcess start() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : ""))
                .toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Dmanagement.port=" + freePort());
        command.addAll(options);
        command.add(PatsnapCamelApplication.class.getName());
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(environment);
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "---- start ----\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** SIGKILL: no shutdown hook, no flushing, nothing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** SIGTERM, then the exit code (or -1 when the process did not end within the time given). */
    public int stop(long seconds) throws InterruptedException {
        process.destroy();
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** Waits for the bundle to end by itself: its exit code, or -1 when it still runs after the time given. */
    public int awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public List<String> logLines() {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (alive()) {
            process.destroyForcibly();
        }
    }

    /** A TCP port that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
