package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.ApiAnswers;
import dev.patsnapcamel.support.LogCapture;
import dev.patsnapcamel.support.Workspace;

/**
 * An {@code sk-} key sent as {@code apikey=sk-...} in the query, against the sandbox (explicitly enabled,
 * with the key configured): the sandbox accepts the key it was given in that form, the input completes,
 * no token is asked for, and no log line (message, exception or the console's text) shows the key.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/sandbox-apikey-query/inbox", "outbox.dir=target/it/sandbox-apikey-query/outbox",
            "state.dir=target/it/sandbox-apikey-query/data", "patsnap.sandbox.enabled=true",
            "patsnap.api-key=sk-rehearsal-query-key-5309", "patsnap.api-key.in-query=true",
            "patsnap.sandbox.api-key-in-query=true", "patsnap.sandbox.error-bodies=json",
            "patsnap.retry.initial-delay=20", "patsnap.retry.max-delay=100",
            "patsnap.stop.probe-interval=500", "patsnap.batch.recovery-interval=200"
        })
class SandboxApiKeyInQueryTest extends SandboxedBundleTest {

    static final String KEY = "sk-rehearsal-query-key-5309";
    static final Map<String, String> PATHS = RehearsalTest.PATHS;

    static final Workspace workspace = new Workspace("sandbox-apikey-query").wipe();

    @Override
    Workspace workspace() {
        return workspace;
    }

    @Test
    void theKeyInTheQueryIsAcceptedAndNeverLogged() {
        assertThat(sandbox.settings().apiKey()).isEqualTo(KEY);

        try (LogCapture log = LogCapture.attach()) {
            workspace.drop(
                    "key-in-query.txt",
                    "US11205304B2\nus-10252387-b2\nCN1394453A\n"
                            + "718ead9c-4f3c-4674-8f5a-24e126827269\nJP4627367B2\n");
            JsonNode report = workspace.awaitReport("key-in-query.txt", Duration.ofSeconds(60));
            assertThat(report.get("status").asText()).isEqualTo("complete");

            assertThat(log.texts()).isNotEmpty().noneMatch(t -> t.contains(KEY) || t.contains("rehearsal-query-key"));
            assertThat(log.console()).isNotEmpty().noneMatch(t -> t.contains(KEY) || t.contains("rehearsal-query-key"));
        }
        for (Map.Entry<String, String> endpoint : PATHS.entrySet()) {
            List<JsonNode> ledger = RehearsalTest.ledger(workspace, endpoint.getKey(), "key-in-query.txt");
            assertThat(ledger)
                    .as(endpoint.getKey())
                    .hasSize(5)
                    .allSatisfy(l -> RehearsalTest.answeredAsTheSandboxSays(endpoint.getValue(), l));
        }
        // a key is not exchanged for a token, and every call was accepted with it
        assertThat(sandbox.stats().tokenRequests()).isZero();
        assertThat(sandbox.stats().calls())
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.httpStatus()).isEqualTo(200));
    }

    /**
     * A refused key (the sandbox stops taking it in the query) stops the account without the key in any
     * line; once the key is taken again, the parked work completes.
     */
    @Test
    void aRefusedKeyInTheQueryIsNotLoggedEither() {
        sandbox.settings().apiKeyInQuery(false);
        try (LogCapture log = LogCapture.attach()) {
            workspace.drop("refused.txt", "US11205304B2\n");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> ApiAnswers.alerts(workspace).contains("account-stopped"));
            assertThat(log.texts()).isNotEmpty().noneMatch(t -> t.contains(KEY) || t.contains("rehearsal-query-key"));
            assertThat(log.console()).isNotEmpty().noneMatch(t -> t.contains(KEY) || t.contains("rehearsal-query-key"));
            assertThat(RehearsalTest.ledger(workspace, "license", "refused.txt"))
                    .isEmpty();
        } finally {
            sandbox.settings().apiKeyInQuery(true);
        }
        workspace.awaitReport("refused.txt", Duration.ofSeconds(30));
        assertThat(RehearsalTest.ledger(workspace, "license", "refused.txt"))
                .hasSize(1)
                .allSatisfy(l -> RehearsalTest.answeredAsTheSandboxSays(RehearsalTest.LICENSE, l));
    }
}
