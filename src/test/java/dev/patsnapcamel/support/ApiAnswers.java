package dev.patsnapcamel.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** PatSnap answers built from the documented examples, for WireMock stubs; and the alerts a bundle raised. */
public final class ApiAnswers {

    public static final String LICENSE = "/advanced-patent-data/license-data";

    private ApiAnswers() {}

    /** The documented success for {@code [found, empty, missing]}: one license record, none, and not in {@code data}. */
    public static String success(String[] ids, String head) {
        return "{" + head + ",\"data\":["
                + item(
                        ids[0],
                        "[{\"licensor\":[{\"name\":\"ACME\"}],\"license_type\":\"exclusive\","
                                + "\"contract_type\":\"license\",\"execution_date\":20190301}]")
                + "," + item(ids[1], "[]") + "]}";
    }

    /** One {@code data[]} item of the license endpoint with the given result array (or other JSON). */
    public static String item(String pn, String records) {
        return "{\"pn\":\"" + pn + "\",\"patent_id\":\"" + Integer.toHexString(pn.hashCode())
                + "-4f3c-4674-8f5a-24e126827269\"," + "\"patent_license_data\":" + records + "}";
    }

    /** The kinds of the alerts under {@code outbox/alerts}, in the order they were raised. */
    public static List<String> alerts(Workspace workspace) {
        Path folder = workspace.outbox().resolve("alerts");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".json"))
                    .sorted()
                    .map(f -> Workspace.readJson(f).get("kind").asText())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
