package dev.patsnapcamel.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.patsnapcamel.ops.AtomicFile;

/**
 * A mail outbox file: the {@link MailRequest}'s JSON with the installation's seal in the field
 * {@value #SEAL} ({@link MailSeal}), written atomically; read back, and checked to be sealed here.
 */
record OutboxFile(ObjectMapper json, MailSeal seal) {

    /** The field of an outbox file holding its seal. */
    static final String SEAL = "seal";

    /** The request's JSON, compact, with its seal (route {@code mail-queue} writes it). */
    byte[] bytes(MailRequest request) throws IOException {
        return json.writeValueAsBytes(sealed(request));
    }

    /** Rewrites the file (indented) with the request and its seal, atomically. */
    void write(Path path, MailRequest request) {
        try {
            ObjectNode node = sealed(request);
            AtomicFile.write(path, tmp -> json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), node));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the mail " + path, e);
        }
    }

    /** The request in the file, or null when it is not one. */
    MailRequest read(Path path) {
        try {
            return json.readValue(path.toFile(), MailRequest.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the file holds a request with this installation's valid seal. */
    boolean sealedHere(Path path) {
        try {
            JsonNode node = json.readTree(path.toFile());
            if (node == null || !node.path(SEAL).isTextual()) {
                return false;
            }
            return seal.sealed(
                    json.treeToValue(node, MailRequest.class), node.get(SEAL).asText());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private ObjectNode sealed(MailRequest request) {
        ObjectNode node = json.valueToTree(request);
        node.put(SEAL, seal.of(request));
        return node;
    }
}
