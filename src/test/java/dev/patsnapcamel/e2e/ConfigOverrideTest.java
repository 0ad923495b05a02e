package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.Workspace;
import org.junit.jupiter.api.Test;

/**
 * The bundle as operators start it, in a JVM of its own: settings overridden by an environment
 * variable and by a {@code -D} option, secrets masked in the log, and a clean exit on SIGTERM.
 */
class ConfigOverrideTest {

    @Test
    void environmentAndSystemPropertiesOverrideTheConfigFile() throws Exception {
        Workspace workspace = new Workspace("config-override").clean();
        Path envOutbox = workspace.outbox().resolve("from-env");
        Path log = Path.of("target", "it", "config-override", "bundle.log");
        String secret = "s3cr3t-value-never-logged";

        ProcessBuilder pb = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                "-Dintake.file.dir=" + workspace.inbox(), // from -D
                "-Dintake.file.stable-ms=100", "-Dpatsnap.batch.timeout=200",
                PatsnapCamelApplication.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OUTBOX_DIR", envOutbox.toString()); // from the environment
        pb.environment().put("PATSNAP_ENDPOINTS", "license");
        pb.environment().put("PATSNAP_SANDBOX_ENABLED", "true");
        pb.environment().put("PATSNAP_CLIENT_ID", "ops-client");
        pb.environment().put("PATSNAP_CLIENT_SECRET", secret);
        pb.environment().put("PATSNAP_SANDBOX_LATENCY_MS", "0");
        Process bundle = pb.start();
        try {
            workspace.drop("override.txt", "US11205304B2\nCN1394453A\n");

            Path report = envOutbox.resolve("reports").resolve("override.txt.json");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(report));
            JsonNode json = Workspace.readJson(report);
            assertThat(json.get("endpoints").fieldNames()).toIterable().containsExactly("license");
            assertThat(Files.readAllLines(envOutbox.resolve("license").resolve(
                    Files.list(envOutbox.resolve("license")).findFirst().orElseThrow().getFileName()))).hasSize(2);
            assertThat(Files.exists(workspace.outbox().resolve("reports"))).isFalse();
        } finally {
            bundle.destroy(); // SIGTERM
        }
        assertThat(bundle.waitFor(40, TimeUnit.SECONDS)).isTrue();
        assertThat(bundle.exitValue()).isZero();
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("client=ops-client", "SANDBOX"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("stopping gracefully"));
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains(secret));
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }
}
