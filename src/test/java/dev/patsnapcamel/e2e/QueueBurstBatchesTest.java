package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jakarta.jms.TextMessage;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.model.OutputName;
import dev.patsnapcamel.sandbox.CallRecord;
import dev.patsnapcamel.support.Broker;
import dev.patsnapcamel.support.Broker.MessageMaker;
import dev.patsnapcamel.support.Workspace;

/**
 * Queue requests are not in {@code patsnap.batch.flush-at-end}: a burst of small requests fills batches of
 * 100 together, as before, instead of one part-full call per request. (Sending at the end of every request
 * would make ten times the calls here.)
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/queue-burst-batches/inbox",
            "outbox.dir=target/it/queue-burst-batches/outbox",
            "state.dir=target/it/queue-burst-batches/data",
            "intake.jms.enabled=true",
            "intake.jms.username=patsnap",
            "intake.jms.password=queue-s3cret",
            "patsnap.batch.timeout=60s"
        })
class QueueBurstBatchesTest extends SandboxedBundleTest {

    static final String LICENSE = "/advanced-patent-data/license-data";
    static final Workspace workspace = new Workspace("queue-burst-batches").wipe();
    static final Broker BROKER = startBroker();

    @Override
    Workspace workspace() {
        return workspace;
    }

    @AfterAll
    static void stopBroker() {
        System.clearProperty("intake.jms.url");
        BROKER.stop();
    }

    @Test
    void aBurstOfSmallRequestsFillsBatchesTogether() {
        List<MessageMaker> requests = new ArrayList<>();
        for (int r = 0; r < 30; r++) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ids.add("US" + (50_000_000 + r * 10 + i) + "B2");
            }
            String body = String.join("\n", ids);
            requests.add(s -> {
                TextMessage m = s.createTextMessage(body);
                m.setStringProperty("PatsnapEndpoints", "license");
                return m;
            });
        }
        List<String> sent = Broker.send(BROKER.coreClient(), "patsnap.requests", requests);

        // 300 IDs: three full batches; none waits for the minute of patsnap.batch.timeout
        for (String id : sent) {
            JsonNode report = workspace.awaitReport(OutputName.of("queue:" + id), Duration.ofSeconds(60));
            assertThat(report.get("ids_unique").asLong()).isEqualTo(10);
        }
        assertThat(sandbox.stats().calls().stream()
                        .filter(c -> c.path().equals(LICENSE))
                        .map(CallRecord::ids)
                        .map(List::size)
                        .toList())
                .containsExactly(100, 100, 100);
        assertThat(workspace.ledger("license")).hasSize(300);
    }

    private static Broker startBroker() {
        Broker broker = new Broker(workspace.root().resolve("broker")).start();
        // read by the bundle like any -D option
        System.setProperty("intake.jms.url", broker.coreUrl());
        return broker;
    }
}
