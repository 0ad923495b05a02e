package dev.patsnapcamel.intake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings of the SFTP intake ({@code intake.sftp.*}), checked at start-up when the intake is
 * enabled, and the values the route {@code intake-sftp} needs worked out from them: the known-hosts
 * file with {@code ~} expanded, {@code yes}/{@code no} for the host key check, the read-lock time-out,
 * and the prefixes of the source name and fingerprint.
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
 * @param stableMs       {@code intake.sftp.stable-ms}
 */
public record SftpSettings(boolean enabled, String host, int port, String username, boolean hasPassword,
        String privateKeyFile, String directory, String knownHostsFile, boolean strict, long stableMs) {

    private static final Logger LOG = LoggerFactory.getLogger(SftpSettings.class);

    /** Reads the settings through a property lookup (a missing key gives null). */
    public static SftpSettings from(Function<String, String> property) {
        Function<String, String> text = key -> {
            String value = property.apply(key);
            return value == null ? "" : value.trim();
        };
        String port = text.apply("intake.sftp.port");
        String stable = text.apply("intake.sftp.stable-ms");
        String strict = text.apply("intake.sftp.strict-host-key-checking");
        if (!strict.isEmpty() && !strict.equalsIgnoreCase("true") && !strict.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(
                    "intake.sftp.strict-host-key-checking must be true or false, was '" + strict + "'");
        }
        String knownHosts = text.apply("intake.sftp.known-hosts-file");
        return new SftpSettings(Boolean.parseBoolean(text.apply("intake.sftp.enabled")), text.apply("intake.sftp.host"),
                port.isEmpty() ? 22 : Integer.parseInt(port), text.apply("intake.sftp.username"),
                !text.apply("intake.sftp.password").isEmpty(), text.apply("intake.sftp.private-key-file"),
                text.apply("intake.sftp.directory").isEmpty() ? "inbox" : text.apply("intake.sftp.directory"),
                expandHome(knownHosts.isEmpty() ? "~/.ssh/known_hosts" : knownHosts), !strict.equalsIgnoreCase("false"),
                stable.isEmpty() ? 1000 : Long.parseLong(stable));
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
            throw new IllegalArgumentException("intake.sftp.stable-ms must be at least 1, was " + stableMs);
        }
        if (directory.startsWith("/")) {
            LOG.warn("SFTP intake: intake.sftp.directory {} is taken relative to the login folder of {} (SFTP paths "
                    + "here are always relative to it)", directory, username);
        }
        if (strict) {
            if (!Files.isReadable(Path.of(knownHostsFile))) {
                throw new IllegalArgumentException("intake.sftp.known-hosts-file " + knownHostsFile + " cannot be read: "
                        + "the SFTP server's host key must be listed there (ssh-keyscan -p " + port + " " + host
                        + " prints the line to add, check its fingerprint first)");
            }
        } else {
            LOG.warn("SFTP intake: host keys are NOT checked (intake.sftp.strict-host-key-checking=false): any server "
                    + "answering at {}:{} is trusted, also one posing as it. Set it to true and list the key in {}",
                    host, port, knownHostsFile);
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

    /** How long a growing file is waited for before it is left for the next look: ten times the stable time. */
    public long readLockTimeoutMs() {
        return stableMs * 10;
    }

    /** The values the route reads as placeholders, worked out from the settings. */
    public Map<String, String> routeProperties() {
        Map<String, String> values = new LinkedHashMap<>();
        // the endpoint is created even when the route does not start: it needs some host name
        values.put("intake.sftp.uri-host", host.isEmpty() ? "intake-sftp-host-not-set.invalid" : host);
        values.put("intake.sftp.uri-directory", folder());
        values.put("intake.sftp.known-hosts-path", knownHostsFile);
        values.put("intake.sftp.strict-host-key-checking-yes-no", strict ? "yes" : "no");
        values.put("intake.sftp.read-lock-timeout", Long.toString(readLockTimeoutMs()));
        values.put("intake.sftp.source-prefix", sourcePrefix());
        values.put("intake.sftp.fingerprint-prefix", fingerprintPrefix());
        return values;
    }
}
