package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.support.BundleProcess;
import dev.patsnapcamel.support.Workspace;

/**
 * The bundle as operators start it, in a JVM of its own: settings overridden by an environment
 * variable and by a {@code -D} option, secrets masked in the log, and a clean exit on SIGTERM.
 */
class ConfigOverrideTest {

    @Test
    void environmentAndSystemPropertiesOverrideTheConfigFile() throws Exception {
        Workspace workspace = new Workspace("config-override").wipe();
        Path envOutbox = workspace.outbox().resolve("from-env");
        String secret = "s3cr3t-value-never-logged";

        try (BundleProcess bundle = new BundleProcess(workspace.root().resolve("bundle.log"))
                .option("-Dintake.file.dir=" + workspace.inbox()) // from -D
                .option("-Dintake.file.stable-ms=100")
                .option("-Dpatsnap.batch.timeout=200")
                .option("-Dstate.dir=" + workspace.root().resolve("data"))
                .env("OUTBOX_DIR", envOutbox.toString()) // from the environment
                .env("PATSNAP_ENDPOINTS", "license")
                .env("PATSNAP_SANDBOX_ENABLED", "true")
                .env("PATSNAP_CLIENT_ID", "ops-client")
                .env("PATSNAP_CLIENT_SECRET", secret)
                .env("PATSNAP_SANDBOX_LATENCY_MS", "0")
                .start()) {
            workspace.drop("override.txt", "US11205304B2\nCN1394453A\n");

            Path report = envOutbox.resolve("reports").resolve("override.txt.json");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(report));
            JsonNode json = Workspace.readJson(report);
            assertThat(json.get("endpoints").fieldNames()).toIterable().containsExactly("license");
            try (var files = Files.list(envOutbox.resolve("license"))) {
                assertThat(Files.readAllLines(files.findFirst().orElseThrow())).hasSize(2);
            }
            assertThat(Files.exists(workspace.outbox().resolve("reports"))).isFalse();

            assertThat(bundle.stop(40)).as("exit code after SIGTERM").isZero();
            List<String> lines = bundle.logLines();
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("client=ops-client", "SANDBOX"));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("stopping gracefully"));
            assertThat(lines).noneSatisfy(l -> assertThat(l).contains(secret));
        }
    }
}
