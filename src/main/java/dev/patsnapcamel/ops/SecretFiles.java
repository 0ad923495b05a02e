package dev.patsnapcamel.ops;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Secrets read from files, the Docker/Kubernetes secrets convention: every secret setting {@code <key>}
 * can also be given as the path of a file holding it, in the environment variable
 * {@code <KEY>_FILE} ({@code patsnap.client-secret} → {@code PATSNAP_CLIENT_SECRET_FILE}) or as the
 * setting {@code <key>.file} ({@code -Dpatsnap.client-secret.file=/run/secrets/x}). The value is the
 * file's content (UTF-8) with one trailing line break removed; it becomes an override of the key, so it
 * wins over the properties file, and it is never logged.
 * <p>
 * A start-up error (naming the variable, never the content) when the file is missing, unreadable or not
 * UTF-8, and when the key is given directly as well ({@code PATSNAP_CLIENT_SECRET} or
 * {@code -Dpatsnap.client-secret} next to {@code PATSNAP_CLIENT_SECRET_FILE}).
 */
public final class SecretFiles {

    /** Every secret setting that accepts a file. */
    public static final List<String> KEYS = List.of(
            "patsnap.client-id",
            "patsnap.client-secret",
            "patsnap.api-key",
            "intake.sftp.password",
            "intake.sftp.private-key-passphrase",
            "intake.jms.password",
            "intake.amqp.password",
            "mail.password",
            "sink.jdbc.password",
            "state.jdbc.password",
            "cluster.broker.password");

    private SecretFiles() {}

    /**
     * The secrets given as files.
     *
     * @param environment the process environment
     * @param settings    settings given directly, which a file must not duplicate: the JVM's {@code -D}
     *                    options (and, in a host, its configuration); {@code <key>.file} is read from here
     * @return key → secret, for the keys given as a file
     * @throws IllegalArgumentException naming the variable when a file cannot be read or the key is set twice
     */
    public static Properties read(Map<String, String> environment, Map<?, ?> settings) {
        Properties secrets = new Properties();
        for (String key : KEYS) {
            String variable = variable(key);
            String fileVariable = variable + "_FILE";
            String fileSetting = key + ".file";
            String fromEnvironment = environment.get(fileVariable);
            Object fromSettings = settings.get(fileSetting);
            if (fromEnvironment != null && fromSettings != null) {
                throw new IllegalArgumentException(
                        "both " + fileVariable + " and " + fileSetting + " are set: give the file of " + key + " once");
            }
            String path =
                    fromEnvironment != null ? fromEnvironment : fromSettings == null ? null : fromSettings.toString();
            if (path == null) {
                continue;
            }
            String named = fromEnvironment != null ? fileVariable : fileSetting;
            if (path.isBlank()) {
                throw new IllegalArgumentException(named + " is set but empty: it must name the file holding " + key);
            }
            boolean inEnvironment = isSet(environment.get(variable));
            if (inEnvironment || isSet(settings.get(key))) {
                throw new IllegalArgumentException("both " + (inEnvironment ? variable : key) + " and " + named
                        + " are set: give " + key + " once");
            }
            secrets.setProperty(key, content(Path.of(path.trim()), named));
        }
        return secrets;
    }

    private static boolean isSet(Object value) {
        return value != null && !value.toString().isEmpty();
    }

    /** The environment variable of a setting: upper case, dots and dashes as underscores. */
    public static String variable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String content(Path file, String named) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(named + " names " + file + ", which is not a readable file");
        }
        String value;
        try {
            value = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(named + " names " + file + ", which is not UTF-8 text");
        } catch (IOException e) {
            throw new IllegalArgumentException(named + " names " + file + ", which cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (value.endsWith("\r\n")) {
            return value.substring(0, value.length() - 2);
        }
        return value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
    }
}
