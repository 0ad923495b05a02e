package dev.patsnapcamel.queue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.Message;

import dev.patsnapcamel.model.Headers;

/**
 * What a queue request may be: headers no longer than {@code intake.queue.max-header-length}, some
 * content, a known format, only configured endpoints.
 *
 * @param endpoints       the configured endpoints ({@code patsnap.endpoints}), which a request may narrow
 * @param maxHeaderLength the longest message id, correlation id, {@code PatsnapEndpoints} and
 *                        {@code PatsnapFormat} taken
 */
record RequestCheck(List<String> endpoints, int maxHeaderLength) {

    /**
     * A header of the request, or null when it is not set or longer than {@code maxHeaderLength}: then
     * the problem is noted (the value is neither stored nor echoed).
     */
    String header(Message in, String name, List<String> problems) {
        String value = in.getHeader(name, String.class);
        if (value != null && value.length() > maxHeaderLength) {
            problems.add(name + " is longer than intake.queue.max-header-length (" + value.length() + " > "
                    + maxHeaderLength + " characters)");
            return null;
        }
        return value;
    }

    /** What is wrong with a request's content or headers, or null. */
    String problem(byte[] content, String requested, String declared) {
        if (RequestFormat.empty(content)) {
            return "empty message: no IDs";
        }
        if (declared != null && !declared.isBlank() && !RequestFormat.known(declared)) {
            return Headers.FORMAT + " '" + declared + "' is none of txt, csv, json";
        }
        if (requested != null) {
            Set<String> unknown = new LinkedHashSet<>();
            for (String name : requested.split(",")) {
                if (!name.isBlank() && !endpoints.contains(name.trim())) {
                    unknown.add(name.trim());
                }
            }
            if (!unknown.isEmpty()) {
                return Headers.ENDPOINTS + " names " + unknown + ", not configured (patsnap.endpoints: "
                        + String.join(",", endpoints) + ")";
            }
        }
        return null;
    }

    /** A name for a request without a message id: a digest of its headers and content. */
    static String digest(String correlation, String endpoints, String format, byte[] content) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {correlation, endpoints, format}) {
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(content)).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
