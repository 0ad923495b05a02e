package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.Expected;
import dev.patsnapcamel.support.Workspace;

/** A fourth endpoint (P029 transfer) added by configuration alone: four catalogue lines and its name. */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/endpoint-catalog/inbox",
            "outbox.dir=target/it/endpoint-catalog/outbox",
            "state.dir=target/it/endpoint-catalog/data",
            "patsnap.endpoints=license,transfer",
            "camel.routeTemplate[endpoint-batches-transfer].templateId=endpoint-batches",
            "camel.routeTemplate[endpoint-batches-transfer].endpoint=transfer",
            "camel.routeTemplate[endpoint-batches-transfer].path=/advanced-patent-data/transfer-data",
            "camel.routeTemplate[endpoint-batches-transfer].resultField=patent_transfer_data"
        })
class EndpointCatalogTest extends SandboxedBundleTest {

    static final String TRANSFER = "/advanced-patent-data/transfer-data";

    static final Workspace workspace = new Workspace("endpoint-catalog").wipe();

    @Override
    Workspace workspace() {
        return workspace;
    }

    @Test
    void aFourthEndpointIsConfigurationOnly() {
        List<String> ids = List.of(
                "US11205304B2",
                "CN1394453A",
                "JP4627367B2",
                "EP1234567B1",
                "US10000001B2",
                "718ead9c-4f3c-4674-8f5a-24e126827269");
        workspace.drop("transfer.txt", String.join("\n", ids));

        JsonNode report = workspace.awaitReport("transfer.txt", Duration.ofSeconds(20));

        assertThat(report.get("endpoints").fieldNames()).toIterable().containsExactly("license", "transfer");
        List<JsonNode> ledger = workspace.ledger("transfer");
        assertThat(ledger).hasSize(ids.size());
        for (JsonNode line : ledger) {
            Expected expected = Expected.forQuery(TRANSFER, line.get("query").asText());
            assertThat(line.get("endpoint").asText()).isEqualTo("transfer");
            assertThat(line.get("status").asText()).isEqualTo(expected.status());
            if (expected.records() != null) {
                assertThat(line.get("records")).isEqualTo(expected.records());
            }
        }
        assertThat(ledger).anySatisfy(l -> assertThat(l.get("status").asText()).isEqualTo("found"));
        assertThat(sandbox.stats().calls(TRANSFER)).isEqualTo(1);
        assertThat(workspace.ledger("litigation")).isEmpty();
    }
}
