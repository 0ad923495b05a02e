package dev.patsnapcamel.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.stream.Stream;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server for tests (Apache MINA SSHD) on 127.0.0.1, serving a local folder as the account's
 * home: one user who may log in with a password or with a private key, and a host key of the test's
 * choosing, which the test writes into a known-hosts file for the bundle.
 */
public final class SftpTestServer implements AutoCloseable {

    public static final String USER = "alice";
    public static final String PASSWORD = "s3cret-Pw;&?";

    private final Path home;
    private final KeyPair hostKey;
    private final KeyPair userKey;
    private SshServer server;
    private int port;

    public SftpTestServer(Path home, KeyPair hostKey, KeyPair userKey) {
        this.home = home;
        this.hostKey = hostKey;
        this.userKey = userKey;
    }

    /** A new EC (nistp256) key pair, as a host or a user key. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts on a free port. */
    public SftpTestServer start() {
        return start(0);
    }

    /** Starts (again) on the given port, 0 for a free one. */
    public synchronized SftpTestServer start(int wanted) {
        try {
            Files.createDirectories(home);
            SshServer sshd = SshServer.setUpDefaultServer();
            sshd.setHost("127.0.0.1");
            sshd.setPort(wanted);
            sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
            sshd.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
            sshd.setPublickeyAuthenticator((user, key, session) ->
                    USER.equals(user) && userKey != null && KeyUtils.compareKeys(key, userKey.getPublic()));
            sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
            sshd.setFileSystemFactory(new VirtualFileSystemFactory(home.toAbsolutePath()));
            sshd.start();
            server = sshd;
            port = sshd.getPort();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the SFTP server", e);
        }
    }

    /** Stops at once, dropping every connection. */
    public synchronized void stop() {
        if (server != null) {
            try {
                server.stop(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public KeyPair hostKey() {
        return hostKey;
    }

    public int port() {
        return port;
    }

    /** The account's home folder on the local disk. */
    public Path home() {
        return home;
    }

    /** The known_hosts line for this server with the given key ({@code [127.0.0.1]:port type base64}). */
    public String knownHostsLine(KeyPair key) {
        try {
            return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(key.getPublic()) + "\n";
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a known-hosts file listing this server with the given key. */
    public void writeKnownHosts(Path file, KeyPair key) {
        write(file, knownHostsLine(key).getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes the user's private key (OpenSSH format) to a file. */
    public void writeUserKey(Path file) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(userKey, "patsnap-camel test", null, out);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the user key", e);
        }
    }

    /** Puts a file into a folder of the account, complete at once (written aside under a dot name, then renamed). */
    public Path put(String folder, String name, byte[] content) {
        Path target = home.resolve(folder).resolve(name);
        Path staged = home.resolve(folder).resolve("." + name + ".part");
        write(staged, content);
        try {
            return Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path put(String folder, String name, String content) {
        return put(folder, name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** The names of the regular files in a folder of the account (dot files included), sorted. */
    public List<String> files(String folder) {
        Path dir = home.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
