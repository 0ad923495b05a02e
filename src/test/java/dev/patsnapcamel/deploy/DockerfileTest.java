package dev.patsnapcamel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.patsnapcamel.support.HealthCheckScript;

/**
 * No Docker engine runs on our machines, so the image is not built here: this checks that the
 * Dockerfile agrees with the build and the configuration (jar name, folders, port, user).
 */
class DockerfileTest {

    final String dockerfile = read(Path.of("Dockerfile"));

    @Test
    void theImageRunsTheJarTheBuildMakes() throws IOException {
        Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(read(Path.of("pom.xml")));
        assertThat(finalName.find()).isTrue();
        String jar = finalName.group(1) + ".jar";

        assertThat(dockerfile)
                .contains("RUN ./mvnw -B -q package -DskipTests -DskipKaraf")
                .contains("COPY --from=build /src/target/" + jar + " /app/" + jar)
                .contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/" + jar + "\"]");
        // config/ and routes/ are read relative to the working directory, as from the project root
        assertThat(dockerfile)
                .contains("WORKDIR /app")
                .contains("COPY config/ /app/config/")
                .contains("COPY routes/ /app/routes/");
        for (String copied : List.of(".mvn", "mvnw", "pom.xml", "src", "config", "routes")) {
            assertThat(Path.of(copied)).exists();
        }
    }

    @Test
    void theFoldersOfTheConfigurationAreVolumesAndThePortIsTheManagementPort() throws IOException {
        Properties config = new Properties();
        try (var in = Files.newBufferedReader(Path.of("config", "application.properties"))) {
            config.load(in);
        }
        for (String key : List.of("intake.file.dir", "outbox.dir", "state.dir")) {
            assertThat(dockerfile).as(key).contains("\"/app/" + config.getProperty(key) + "\"");
        }
        String port = config.getProperty("management.port");
        assertThat(dockerfile).contains("EXPOSE " + port);
        // the health check asks the port the bundle listens on, not a number of its own
        Matcher check = Pattern.compile("(?m)^HEALTHCHECK .*\\\n\\s*CMD (.*)$").matcher(dockerfile);
        assertThat(check.find()).isTrue();
        assertThat(check.group(1))
                .isEqualTo("[\"bash\", \"/app/healthcheck.sh\", \"/app/config/application.properties\"]");
        assertThat(dockerfile).contains("COPY src/main/docker/healthcheck.sh /app/healthcheck.sh");
        assertThat(Files.readString(HealthCheckScript.SCRIPT))
                .doesNotContain("9876\n")
                .contains("GET /observe/health/live");
    }

    @Test
    void theHealthCheckAsksLivenessOnTheManagementPortAsTheBundleReadsIt() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        String[] answer = {"200", "{\n    \"status\": \"UP\"\n}\n"};
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().toString());
            byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String port = Integer.toString(server.getAddress().getPort());
            Path dir = Files.createDirectories(Path.of("target", "it", "healthcheck"));
            Path config = dir.resolve("application.properties");
            Files.writeString(
                    config,
                    "# settings\nmanagement.port = 1\nmanagement.port = " + port + "\n"
                            + "management.host = 0.0.0.0\n");
            Path wrongPort = dir.resolve("wrong.properties");
            Files.writeString(wrongPort, "management.port = " + HealthCheckScript.closedPort() + "\n");

            // from the settings file
            assertThat(HealthCheckScript.run(config, Map.of())).isZero();
            assertThat(asked).containsExactly("/observe/health/live");
            // the environment overrides the file, a -D option overrides both, as in the bundle
            assertThat(HealthCheckScript.run(wrongPort, Map.of("MANAGEMENT_PORT", port)))
                    .isZero();
            assertThat(HealthCheckScript.run(
                            wrongPort,
                            Map.of(
                                    "MANAGEMENT_PORT",
                                    HealthCheckScript.closedPort(),
                                    "JAVA_TOOL_OPTIONS",
                                    "-XX:MaxRAMPercentage=75 -Dmanagement.port=" + port)))
                    .isZero();
            assertThat(HealthCheckScript.run(wrongPort, Map.of())).isOne();
            assertThat(HealthCheckScript.run(config, Map.of("MANAGEMENT_PORT", "{{x}}")))
                    .isOne();

            // not live: DOWN with 503, or UP without 200
            answer[0] = "503";
            answer[1] = "{\"status\":\"DOWN\"}";
            assertThat(HealthCheckScript.run(config, Map.of())).isOne();
            answer[1] = "{\"status\":\"UP\"}";
            assertThat(HealthCheckScript.run(config, Map.of())).isOne();
            answer[0] = "200";
            assertThat(HealthCheckScript.run(config, Map.of())).isZero();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void itRunsAsAnUnprivilegedUserWithAContainerAwareHeap() {
        Matcher user = Pattern.compile("(?m)^USER (\\S+)$").matcher(dockerfile);
        assertThat(user.find()).isTrue();
        assertThat(user.group(1)).isNotIn("root", "0");
        assertThat(dockerfile)
                .contains("useradd --system --uid 10001")
                .contains("-XX:MaxRAMPercentage=")
                .contains("HEALTHCHECK");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
