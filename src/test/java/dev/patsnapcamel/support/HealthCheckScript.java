package dev.patsnapcamel.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The image's health check script ({@code src/main/docker/healthcheck.sh}), run as Docker runs it. */
public final class HealthCheckScript {

    public static final Path SCRIPT = Path.of("src", "main", "docker", "healthcheck.sh");

    private HealthCheckScript() {}

    /**
     * Runs the script with the given settings file and environment (the test JVM's management and Java option
     * variables removed first); its exit code: 0 healthy, 1 not.
     */
    public static int run(Path config, Map<String, String> environment) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), config.toString()).redirectErrorStream(true);
        for (String variable :
                new String[] {"MANAGEMENT_PORT", "MANAGEMENT_HOST", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"}) {
            pb.environment().remove(variable);
        }
        pb.environment().putAll(environment);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as(output).isTrue();
        return process.exitValue();
    }

    /** A port nobody listens on. */
    public static String closedPort() {
        return Integer.toString(BundleProcess.freePort());
    }
}
