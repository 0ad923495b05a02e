package dev.patsnapcamel.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides from {@code patsnap.sandbox.enabled} and the credentials whether the bundle starts its built-in
 * sandbox, so that the sandbox is never used by accident:
 * <ul>
 * <li>{@code auto} uses the sandbox only when no credential key is set at all ({@code patsnap.client-id},
 * {@code patsnap.client-secret}, {@code patsnap.api-key} all empty);</li>
 * <li>a client id without its secret (or a secret without its id), or a credential variable that is set but
 * empty ({@code PATSNAP_API_KEY=} from an unset shell variable), stops the start-up with the key at fault;</li>
 * <li>a variable or setting whose name only looks like a credential key ({@code PATSNAP_CLIENTSECRET},
 * {@code patsnap_api_key}, a trailing blank) is named in a WARN line, never its value: it is not read.</li>
 * </ul>
 * {@code true} always uses the sandbox (the credentials, if any, become the sandbox's own); {@code false} never
 * does. An {@code sk-} API key alone is complete; a key that does not start with {@code sk-} is used with a WARN.
 */
public final class CredentialCheck {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialCheck.class);

    static final String CLIENT_ID = "patsnap.client-id";
    static final String CLIENT_SECRET = "patsnap.client-secret";
    static final String API_KEY = "patsnap.api-key";
    static final List<String> KEYS = List.of(CLIENT_ID, CLIENT_SECRET, API_KEY);

    private final Map<String, String> environment;
    private final Map<String, String> systemProperties;
    private final Collection<String> settingNames;

    /**
     * @param environment      the process environment
     * @param systemProperties the JVM's {@code -D} options
     * @param settingNames     the keys of the configuration files
     */
    public CredentialCheck(
            Map<String, String> environment, Map<String, String> systemProperties, Collection<String> settingNames) {
        this.environment = environment;
        this.systemProperties = systemProperties;
        this.settingNames = settingNames;
    }

    /** The environment variable Camel reads a key from: {@code patsnap.client-id} → {@code PATSNAP_CLIENT_ID}. */
    public static String variable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * Whether to call the built-in sandbox.
     *
     * @param mode       the value of {@code patsnap.sandbox.enabled}: {@code true}, {@code false} or {@code auto}
     * @param configured the account as configured (credentials as resolved)
     * @throws IllegalArgumentException naming the key at fault: an unknown mode, a partial or empty credential
     *                                  set, or no credentials with {@code false}
     */
    public boolean useSandbox(String mode, PatsnapAccount configured) {
        lookAlikes()
                .forEach(name -> LOG.warn(
                        "{} looks like a PatSnap credential setting but is not one, so it is "
                                + "not read: the keys are {} (environment variables {})",
                        name,
                        String.join(", ", KEYS),
                        String.join(
                                ", ",
                                KEYS.stream().map(CredentialCheck::variable).toList())));
        String chosen = mode == null ? "" : mode.trim().toLowerCase(Locale.ROOT);
        if (chosen.equals("true")) {
            return true;
        }
        if (!chosen.equals("false") && !chosen.equals("auto")) {
            throw new IllegalArgumentException(
                    "patsnap.sandbox.enabled must be true, false or auto, was '" + mode + "'");
        }
        Map<String, String> values = Map.of(
                CLIENT_ID,
                configured.clientId(),
                CLIENT_SECRET,
                configured.clientSecret(),
                API_KEY,
                configured.apiKey());
        for (String key : KEYS) {
            String origin = setButEmpty(key);
            if (values.get(key).isEmpty() && origin != null) {
                throw new IllegalArgumentException(key + " is set but empty (" + origin + "): give it the credential's "
                        + "value, or remove it to run without credentials");
            }
        }
        if (!configured.apiKey().isEmpty()) {
            if (!configured.apiKey().startsWith("sk-")) {
                LOG.warn(
                        "{} does not start with sk- as PatSnap's API keys do: check that it is an API key (a client "
                                + "id and secret go in {} and {})",
                        API_KEY,
                        CLIENT_ID,
                        CLIENT_SECRET);
            }
            if (!configured.clientId().isEmpty() || !configured.clientSecret().isEmpty()) {
                LOG.warn("{} is set, so {} and {} are not used", API_KEY, CLIENT_ID, CLIENT_SECRET);
            }
            return false;
        }
        if (!configured.clientId().isEmpty() && configured.clientSecret().isEmpty()) {
            throw missing(CLIENT_SECRET, CLIENT_ID);
        }
        if (configured.clientId().isEmpty() && !configured.clientSecret().isEmpty()) {
            throw missing(CLIENT_ID, CLIENT_SECRET);
        }
        if (!configured.clientId().isEmpty()) {
            return false;
        }
        if (chosen.equals("false")) {
            throw new IllegalArgumentException("no PatSnap credentials: set " + CLIENT_ID + " and " + CLIENT_SECRET
                    + ", or " + API_KEY + ", or enable the sandbox (patsnap.sandbox.enabled)");
        }
        return true;
    }

    private static IllegalArgumentException missing(String key, String present) {
        return new IllegalArgumentException(key + " is not set (" + variable(key) + "), but " + present
                + " is: the client-credentials scheme needs both (or set " + API_KEY + " instead)");
    }

    /** Where a key is explicitly given an empty value (an environment variable or a {@code -D} option), or null. */
    private String setButEmpty(String key) {
        String variable = variable(key);
        if (environment.containsKey(variable + "_FILE")
                || environment.containsKey(key.toUpperCase(Locale.ROOT) + "_FILE")) {
            return null; // read from a file by the secrets convention, not from the variable itself
        }
        if (environment.containsKey(variable) && environment.get(variable).isBlank()) {
            return "environment variable " + variable;
        }
        String upper = key.toUpperCase(Locale.ROOT);
        if (environment.containsKey(upper) && environment.get(upper).isBlank()) {
            return "environment variable " + upper;
        }
        if (systemProperties.containsKey(key) && systemProperties.get(key).isBlank()) {
            return "JVM option -D" + key;
        }
        return null;
    }

    /**
     * The names of environment variables, {@code -D} options and settings that look like a credential key but
     * are not one (so they are not read), each described with where it is; never their values.
     */
    public List<String> lookAlikes() {
        Set<String> found = new LinkedHashSet<>();
        // Camel reads a key from the variable in upper case, as it is or with '.' and '-' as '_'
        Set<String> variables = new LinkedHashSet<>();
        KEYS.forEach(k -> variables.addAll(List.of(variable(k), k.toUpperCase(Locale.ROOT))));
        collect(environment.keySet(), variables, "environment variable", found);
        collect(systemProperties.keySet(), Set.copyOf(KEYS), "system property", found);
        collect(settingNames, Set.copyOf(KEYS), "setting", found);
        return new ArrayList<>(found);
    }

    private static void collect(Collection<String> names, Set<String> read, String kind, Set<String> found) {
        for (String name : names) {
            if (read.contains(name)) {
                continue;
            }
            String folded = fold(name);
            if (folded.length() < 8 || !folded.startsWith("PATSNAP") || folded.endsWith("FILE")) {
                continue;
            }
            for (String key : KEYS) {
                if (distance(folded, fold(key)) <= 2) {
                    found.add(kind + " '" + printable(name) + "'");
                }
            }
        }
    }

    /** Upper case, letters and digits only: {@code patsnap.client-secret} → {@code PATSNAPCLIENTSECRET}. */
    private static String fold(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }

    /** A name for a log line: control characters and other odd ones shown as {@code \\uXXXX}. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().limit(200).forEach(c -> {
            if (c >= 0x20 && c < 0x7f && c != '\'') {
                out.appendCodePoint(c);
            } else {
                out.append(String.format("\\u%04x", c));
            }
        });
        return out.toString();
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
