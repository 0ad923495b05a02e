package dev.patsnapcamel.intake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings of the SFTP intake ({@code intake.sftp.*}), checked at start-up when the intake is
 * enabled. Bound as bean {@code sftpSettings} while the intake is enabled: the route {@code intake-sftp}
 * reads the prefixes of the source name and fingerprint from it ({@code ${bean:sftpSettings.sourcePrefix}}).
 *
 * @param enabled        {@code intake.sftp.enabled}
 * @param host           {@code intake.sftp.host}
 * @param port           {@code intake.sftp.port}
 * @param username       {@code intake.sftp.username}
 * @param hasPassword    whether {@code intake.sftp.password} is set (the password itself is not kept here)
 * @param privateKeyFile {@code intake.sftp.private-key-file}, or empty
 * @param directory      {@code intake.sftp.directory}
 * @param knownHostsFile {@code intake.sftp.known-hosts-file}, {@code ~} expanded
 * @param strict         {@code intake.sftp.strict-host-key-checking}
 * @param stableMs       {@code intake.sftp.stable-time}, in ms
 */
public record SftpSettings(
        boolean enabled,
        String host,
        int port,
        String username,
        boolean hasPassword,
        String privateKeyFile,
        String directory,
        String knownHostsFile,
        boolean strict,
        long stableMs) {

    private static final Logger LOG = LoggerFactory.getLogger(SftpSettings.class);

    /**
     * Reads the settings through a property lookup that has every key of {@code config/application.properties}
     * (their one place of defaults), durations as plain ms.
     */
    public static SftpSettings from(Function<String, String> property) {
        Function<String, String> text = key -> {
            String value = property.apply(key);
            if (value == null) {
                throw new IllegalArgumentException("the setting " + key + " is missing");
            }
            return value.trim();
        };
        String strict = text.apply("intake.sftp.strict-host-key-checking");
        if (!strict.equalsIgnoreCase("true") && !strict.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(
                    "intake.sftp.strict-host-key-checking must be true or false, was '" + strict + "'");
        }
        return new SftpSettings(
                Boolean.parseBoolean(text.apply("intake.sftp.enabled")),
                text.apply("intake.sftp.host"),
                Integer.parseInt(text.apply("intake.sftp.port")),
                text.apply("intake.sftp.username"),
                !text.apply("intake.sftp.password").isEmpty(),
                text.apply("intake.sftp.private-key-file"),
                text.apply("intake.sftp.directory"),
                expandHome(text.apply("intake.sftp.known-hosts-file")),
                !strict.equalsIgnoreCase("false"),
                Long.parseLong(text.apply("intake.sftp.stable-time")));
    }

    /** {@code ~} or {@code ~/...} at the start of a path is the user's home folder. */
    static String expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/") || path.startsWith("~\\")) {
            return System.getProperty("user.home") + path.substring(1);
        }
        return path;
    }

    /**
     * Checks the settings of an enabled intake, failing the start with a message naming the key to fix;
     * warns when host keys are not checked.
     */
    public void check() {
        if (!enabled) {
            return;
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("intake.sftp.enabled is true but intake.sftp.host is not set");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("intake.sftp.port must be between 1 and 65535, was " + port);
        }
        if (username.isEmpty()) {
            throw new IllegalArgumentException("intake.sftp.enabled is true but intake.sftp.username is not set");
        }
        if (!hasPassword && privateKeyFile.isEmpty()) {
            throw new IllegalArgumentException(
                    "the SFTP intake needs intake.sftp.password or intake.sftp.private-key-file");
        }
        if (!privateKeyFile.isEmpty() && !Files.isReadable(Path.of(privateKeyFile))) {
            throw new IllegalArgumentException("intake.sftp.private-key-file " + privateKeyFile + " cannot be read");
        }
        if (stableMs < 1) {
            throw new IllegalArgumentException("intake.sftp.stable-time must be at least 1 ms, was " + stableMs);
        }
        if (directory.startsWith("/")) {
            LOG.warn(
                    "SFTP intake: intake.sftp.directory {} is taken relative to the login folder of {} (SFTP paths "
                            + "here are always relative to it)",
                    directory,
                    username);
        }
        if (strict) {
            if (!Files.isReadable(Path.of(knownHostsFile))) {
                throw new IllegalArgumentException(
                        "intake.sftp.known-hosts-file " + knownHostsFile + " cannot be read: "
                                + "the SFTP server's host key must be listed there (ssh-keyscan -p " + port + " " + host
                                + " prints the line to add, check its fingerprint first)");
            }
        } else {
            LOG.warn(
                    "SFTP intake: host keys are NOT checked (intake.sftp.strict-host-key-checking=false): any server "
                            + "answering at {}:{} is trusted, also one posing as it. Set it to true and list the key in {}",
                    host,
                    port,
                    knownHostsFile);
        }
    }

    /** The remote folder, relative to the login folder, without slashes at either end ("" for the login folder). */
    public String folder() {
        return directory.replaceAll("^/+|/+$", "");
    }

    /** The name of a file's source in the ledger and report: {@code sftp:<host>/<directory>/}, then the file name. */
    public String sourcePrefix() {
        return "sftp:" + host + "/" + (folder().isEmpty() ? "" : folder() + "/");
    }

    /** What tells one remote file apart (with its name, size and time stamp after it). */
    public String fingerprintPrefix() {
        return "sftp:" + username + "@" + host + ":" + port + "/" + (folder().isEmpty() ? "" : folder() + "/");
    }

    /** The server as shown in log lines and alerts. */
    public String server() {
        return username + "@" + host + ":" + port;
    }
}
