package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.Expected;
import dev.patsnapcamel.support.Workspace;

/**
 * The whole path through the real {@code Main}: a file of mixed IDs in the watched folder, batches to
 * the three endpoints of the sandbox, one ledger line per (unique ID, endpoint) and the report.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/file-to-ledger/inbox", "outbox.dir=target/it/file-to-ledger/outbox",
            "state.dir=target/it/file-to-ledger/data", "patsnap.sandbox.qps=50",
            // full batches are what this test counts: a batch waits for its 100 IDs as long as the
            // product's default allows, so that a slow moment in reading on a loaded machine does not
            // send one part-full (e2e.properties' 200 ms would)
            "patsnap.batch.timeout=2000"
        })
class FileToLedgerTest extends SandboxedBundleTest {

    static final Map<String, String> PATHS = Map.of(
            "customs", "/advanced-patent-data/customs-data",
            "license", "/advanced-patent-data/license-data",
            "litigation", "/high-value-data/litigation");

    static final Workspace workspace = new Workspace("file-to-ledger").wipe();

    @Override
    Workspace workspace() {
        return workspace;
    }

    @BeanInject
    CamelContext context;

    @Test
    void mixedFileSettlesEveryUniqueIdOncePerEndpoint() {
        MixedIds ids = MixedIds.generate(150, 100);
        workspace.drop("batch-0915.txt", ids.text());

        JsonNode report = workspace.awaitReport("batch-0915.txt", Duration.ofSeconds(30));

        int uniqueValid = ids.uniqueValid().size();
        assertThat(report.get("source").asText()).isEqualTo("batch-0915.txt");
        assertThat(report.get("status").asText()).isEqualTo("complete");
        assertThat(report.get("ids_read").asLong()).isEqualTo(ids.all().size());
        assertThat(report.get("ids_unique").asLong())
                .isEqualTo(uniqueValid + ids.garbage().size());
        assertThat(report.get("duplicates").asLong())
                .isEqualTo(ids.all().size() - uniqueValid - ids.garbage().size());
        assertThat(report.get("rejected_locally").asLong())
                .isEqualTo(ids.garbage().size());
        // made from the sandbox's answers, and saying so
        assertThat(report.get("sandbox").asBoolean()).isTrue();

        Set<String> statusesSeen = new LinkedHashSet<>();
        for (Map.Entry<String, String> endpoint : PATHS.entrySet()) {
            String name = endpoint.getKey();
            List<JsonNode> ledger = workspace.ledger(name);
            // exactly one line per unique ID
            assertThat(ledger).hasSize(uniqueValid + ids.garbage().size());
            assertThat(ledger.stream().map(l -> l.get("query").asText()).collect(Collectors.toSet()))
                    .hasSize(ledger.size());
            for (JsonNode line : ledger) {
                assertThat(line.get("source").asText()).isEqualTo("batch-0915.txt");
                assertThat(line.get("endpoint").asText()).isEqualTo(name);
                assertThat(line.get("fetched_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
                assertThat(line.get("sandbox").isBoolean()
                                && line.get("sandbox").asBoolean())
                        .as("sandbox mark")
                        .isTrue();
                String query = line.get("query").asText();
                String status = line.get("status").asText();
                statusesSeen.add(status);
                if (ids.garbage().contains(query)) {
                    assertThat(status).as(query).isEqualTo("rejected");
                    assertThat(line.get("error_code").asText()).isEqualTo("INVALID_ID");
                    assertThat(line.get("error").asText()).contains("not a patent number");
                    continue;
                }
                Expected expected = Expected.forQuery(endpoint.getValue(), query);
                assertThat(status).as("%s %s", name, query).isEqualTo(expected.status());
                if (expected.records() != null) {
                    assertThat(line.get("pn").asText()).isEqualTo(expected.pn());
                    assertThat(line.get("patent_id").asText()).isEqualTo(expected.patentId());
                    assertThat(line.get("records")).isEqualTo(expected.records());
                } else {
                    assertThat(line.get("records")).isEmpty();
                }
            }
            assertThat(ledger.stream().map(l -> l.get("query").asText()).collect(Collectors.toSet()))
                    .containsAll(ids.uniqueValid())
                    .containsAll(ids.garbage());

            // ceil(unique valid / 100) calls per endpoint, as counted by the API and by the report
            long expectedCalls = (uniqueValid + 99) / 100;
            assertThat(sandbox.stats().calls(endpoint.getValue())).as(name).isEqualTo(expectedCalls);
            assertThat(report.at("/endpoints/" + name + "/api_calls").asLong()).isEqualTo(expectedCalls);
            assertThat(report.at("/endpoints/" + name + "/rejected").asLong())
                    .isEqualTo(ids.garbage().size());
            long settled = 0;
            for (String s : List.of("found", "empty", "not_found", "rejected", "failed")) {
                settled += report.at("/endpoints/" + name + "/" + s).asLong();
            }
            assertThat(settled).isEqualTo(ledger.size());
        }
        assertThat(statusesSeen).containsExactlyInAnyOrder("found", "empty", "not_found", "rejected");
        assertThat(sandbox.stats().maxIdsPerCall()).isLessThanOrEqualTo(100);
        assertThat(sandbox.stats().rateLimited()).isZero();
        // the file moves once its exchange is over, which may be after the report is written
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(workspace.inboxFiles(".done"))
                        .singleElement()
                        .asString()
                        .endsWith("-batch-0915.txt"));
    }

    @Test
    void threeEndpointRoutesComeFromOneTemplate() {
        var model = (org.apache.camel.model.ModelCamelContext) context;
        assertThat(model.getRouteTemplateDefinitions())
                .extracting(t -> t.getId())
                .containsExactlyInAnyOrder("endpoint-batches", "intake-broker", "results-to-broker");
        for (String endpoint : PATHS.keySet()) {
            var route = context.getRoute("endpoint-batches-" + endpoint);
            assertThat(route).as(endpoint).isNotNull();
            assertThat(route.getProperties()).containsEntry(org.apache.camel.Route.TEMPLATE_PROPERTY, "true");
            assertThat(route.getEndpoint().getEndpointUri()).isEqualTo("direct://endpoint-batches-" + endpoint);
        }
    }

    /** A deterministic mix of IDs: numbers in several spellings, UUIDs, duplicates and garbage. */
    record MixedIds(List<String> all, Set<String> uniqueValid, Set<String> garbage) {

        static MixedIds generate(int numbers, int uuids) {
            List<String> all = new ArrayList<>();
            Set<String> unique = new LinkedHashSet<>();
            for (int i = 0; i < numbers; i++) {
                String pn = "US" + (10_000_000 + i * 7919) + "B2";
                unique.add(pn);
                all.add(
                        switch (i % 4) {
                            case 0 -> pn;
                            case 1 -> pn.toLowerCase();
                            case 2 -> "us-" + pn.substring(2, pn.length() - 2) + "-b2";
                            default -> "US." + pn.substring(2, pn.length() - 2) + ".B2";
                        });
            }
            for (int i = 0; i < uuids; i++) {
                String id = UUID.nameUUIDFromBytes(("patent-" + i).getBytes()).toString();
                unique.add(id);
                all.add(i % 2 == 0 ? id : id.toUpperCase());
            }
            // duplicates in other spellings
            for (int i = 0; i < 40; i++) {
                String pn = "US" + (10_000_000 + i * 7919) + "B2";
                all.add(i % 2 == 0 ? " " + pn.toLowerCase() : "us-" + pn.substring(2, pn.length() - 2) + "-B2");
            }
            List<String> garbage = List.of("hello", "12345", "!!!", "<script>", "US");
            all.addAll(garbage);
            all.add("hello");
            return new MixedIds(all, unique, new LinkedHashSet<>(garbage));
        }

        String text() {
            StringBuilder sb = new StringBuilder("# patents to check, exported 2026-11-21\n");
            for (int i = 0; i < all.size(); i++) {
                sb.append(all.get(i)).append(i % 5 == 4 ? "\n" : i % 3 == 0 ? ", " : i % 3 == 1 ? "; " : " ");
            }
            return sb.append('\n').toString();
        }
    }
}
