package dev.patsnapcamel.support;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.patsnapcamel.sandbox.SandboxData;

/** What the ledger must say for a query, computed from the sandbox's own data. */
public record Expected(String status, String pn, String patentId, JsonNode records) {

    public static Expected forQuery(String path, String query) {
        Optional<ObjectNode> patent = SandboxData.patent(path, query);
        if (patent.isEmpty()) {
            return new Expected("not_found", null, null, null);
        }
        JsonNode records = patent.get().get(SandboxData.resultField(path));
        return new Expected(
                records.isEmpty() ? "empty" : "found",
                patent.get().get("pn").asText(),
                patent.get().get("patent_id").asText(),
                records);
    }
}
