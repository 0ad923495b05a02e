package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.sandbox.SandboxServer;
import dev.patsnapcamel.sandbox.SandboxSettings;
import dev.patsnapcamel.support.BundleProcess;
import dev.patsnapcamel.support.Workspace;

/**
 * Secrets from files as Docker and Kubernetes mount them ({@code PATSNAP_CLIENT_SECRET_FILE=/run/secrets/x}),
 * with the bundle started as operators start it: the API accepts only the exact secret of the file, the
 * secret never appears in the log, and a file that is not there stops the start naming the variable.
 */
class SecretFileTest {

    static final String SECRET = "file-s3cret-never-logged";

    @Test
    void theClientSecretIsReadFromTheFileNamedInItsFileVariable() throws Exception {
        Workspace workspace = new Workspace("secret-file").wipe();
        Path secrets = Files.createDirectories(workspace.root().resolve("run-secrets"));
        Path secret = Files.writeString(secrets.resolve("patsnap_client_secret"), SECRET + "\n");
        Path clientId = Files.writeString(secrets.resolve("patsnap_client_id"), "file-client\n");
        // an API that knows exactly these credentials (the bundle's own sandbox is switched off)
        try (SandboxServer api = new SandboxServer(
                                new SandboxSettings().clientId("file-client").clientSecret(SECRET))
                        .start();
                BundleProcess bundle = new BundleProcess(workspace.root().resolve("bundle.log"))
                        .option("-Dintake.file.dir=" + workspace.inbox())
                        .option("-Dintake.file.stable-ms=100")
                        .option("-Dpatsnap.batch.timeout=200")
                        .option("-Dstate.dir=" + workspace.root().resolve("data"))
                        .option("-Doutbox.dir=" + workspace.outbox())
                        .option("-Dpatsnap.client-id.file=" + clientId)
                        .env("PATSNAP_ENDPOINTS", "license")
                        .env("PATSNAP_SANDBOX_ENABLED", "false")
                        .env("PATSNAP_BASE_URL", api.baseUrl())
                        .env("PATSNAP_CLIENT_SECRET_FILE", secret.toString())
                        .start()) {
            workspace.drop("from-secret-file.txt", "US11205304B2\nCN1394453A\n");

            Path report = workspace.outbox().resolve("reports").resolve("from-secret-file.txt.json");
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(report));
            JsonNode json = Workspace.readJson(report);
            assertThat(json.at("/endpoints/license/failed").asLong()).isZero();
            assertThat(workspace.ledger("license"))
                    .hasSize(2)
                    .allSatisfy(l -> assertThat(l.get("status").asText()).isNotEqualTo("failed"));
            assertThat(api.stats().tokenRequests()).isPositive();

            assertThat(bundle.stop(40)).as("exit code after SIGTERM").isZero();
            List<String> lines = bundle.logLines();
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("client=file-client"));
            assertThat(lines).noneSatisfy(l -> assertThat(l).contains(SECRET));
        }
    }

    @Test
    void aSecretFileThatIsNotThereStopsTheStartNamingTheVariable() throws Exception {
        Workspace workspace = new Workspace("secret-file-missing").wipe();
        try (BundleProcess bundle = new BundleProcess(workspace.root().resolve("bundle.log"))
                .option("-Dintake.file.dir=" + workspace.inbox())
                .option("-Dstate.dir=" + workspace.root().resolve("data"))
                .option("-Doutbox.dir=" + workspace.outbox())
                .env(
                        "PATSNAP_API_KEY_FILE",
                        workspace.root().resolve("no-such-secret").toString())
                .start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !bundle.alive());
            assertThat(bundle.stop(5)).isEqualTo(1);
            assertThat(String.join("\n", bundle.logLines()))
                    .contains("PATSNAP_API_KEY_FILE names ", "no-such-secret, which is not a readable file");
        }
    }
}
