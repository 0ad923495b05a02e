package dev.patsnapcamel.karaf;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * An unpacked Apache Karaf distribution run as operators run it ({@code bin/karaf daemon}), on free ports, with
 * the {@code karaf} user enabled, driven through its SSH shell. {@link #close()} always ends the process.
 */
final class KarafInstance implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Path home;
    private final int sshPort = freePort();
    private Process process;
    private SshClient client;
    private ClientSession session;

    KarafInstance(Path home) {
        this.home = home.toAbsolutePath();
    }

    Path home() {
        return home;
    }

    Path etc() {
        return home.resolve("etc");
    }

    Path data() {
        return home.resolve("data");
    }

    Path log() {
        return data().resolve("log").resolve("karaf.log");
    }

    /** A fresh instance: no data from a previous run, free ports, the karaf user enabled. */
    KarafInstance prepare() throws IOException {
        deleteTree(data());
        deleteTree(home.resolve("instances")); // a previous run's pid, which bin/karaf would take for a running Karaf
        set("users.properties", "karaf", "karaf,_g_:admingroup");
        set("users.properties", "_g_\\:admingroup", "group,admin,manager,viewer,systembundles,ssh");
        set("org.apache.karaf.shell.cfg", "sshPort", Integer.toString(sshPort));
        set("org.apache.karaf.shell.cfg", "sshHost", "127.0.0.1");
        set("org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(freePort()));
        set("org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(freePort()));
        return this;
    }

    /** Puts an artifact where Karaf's {@code mvn:} URLs find it without a network: its {@code system/} repository. */
    void deploy(Path file, String groupId, String artifactId, String version, String classifier, String type)
            throws IOException {
        Path dir = home.resolve("system")
                .resolve(groupId.replace('.', '/'))
                .resolve(artifactId)
                .resolve(version);
        Files.createDirectories(dir);
        Files.copy(
                file,
                dir.resolve(artifactId + "-" + version + "-" + classifier + "." + type),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    KarafInstance start(Path output) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                        home.resolve("bin").resolve("karaf").toString(), "daemon")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(output.toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_MAX_MEM", "768M");
        process = builder.start();
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        // the shell answers once the SSH server, the user realm and the feature service are up
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Karaf ended: see " + output);
                    }
                    return execute("feature:list -i").contains("shell");
                });
        return this;
    }

    /**
     * Runs a shell command, in a session of its own (Karaf closes the session after an exec), and returns its
     * output; a command that fails (exit status or error output) throws.
     */
    String execute(String command) throws IOException {
        connect();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec channel = session.createExecChannel(command)) {
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(TIMEOUT);
            Set<ClientChannelEvent> events =
                    channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(120));
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                throw new IOException("'" + command + "' did not end in time");
            }
            Integer status = channel.getExitStatus();
            String errors = err.toString(StandardCharsets.UTF_8);
            if ((status != null && status != 0) || !errors.isBlank()) {
                throw new IOException("'" + command + "' failed (exit status " + status + "): " + errors);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void connect() throws IOException {
        if (session != null) {
            session.close(true);
        }
        session = client.connect("karaf", "127.0.0.1", sshPort).verify(TIMEOUT).getSession();
        session.addPasswordIdentity("karaf");
        session.auth().verify(TIMEOUT);
    }

    /** The lines of data/log/karaf.log that contain all the given parts. */
    List<String> logLines(String... parts) throws IOException {
        if (!Files.exists(log())) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(log(), StandardCharsets.UTF_8)) {
            return lines.filter(l -> Stream.of(parts).allMatch(l::contains)).toList();
        }
    }

    /** Shuts Karaf down from its shell, and kills it when that does not end it in time. */
    @Override
    public void close() throws Exception {
        try {
            if (process != null && process.isAlive()) {
                try {
                    execute("system:shutdown -f");
                } catch (IOException | RuntimeException e) {
                    // ends below anyway
                }
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(20, TimeUnit.SECONDS);
                }
            }
        } finally {
            if (client != null) {
                client.stop();
            }
        }
    }

    /** Sets a key of a file in etc/, uncommenting it where the distribution has it commented out. */
    private void set(String file, String key, String value) throws IOException {
        Path path = etc().resolve(file);
        String text = Files.readString(path, StandardCharsets.ISO_8859_1);
        Matcher line =
                Pattern.compile("(?m)^#?" + Pattern.quote(key) + "\\s*=.*$").matcher(text);
        if (!line.find()) {
            throw new IllegalStateException(file + " has no key " + key);
        }
        Files.writeString(
                path, line.replaceFirst(Matcher.quoteReplacement(key + " = " + value)), StandardCharsets.ISO_8859_1);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
