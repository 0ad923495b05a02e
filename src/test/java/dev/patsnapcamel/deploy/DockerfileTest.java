package dev.patsnapcamel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

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

        assertThat(dockerfile).contains("RUN ./mvnw -B -q package -DskipTests -DskipKaraf")
                .contains("COPY --from=build /src/target/" + jar + " /app/" + jar)
                .contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/" + jar + "\"]");
        // config/ and routes/ are read relative to the working directory, as from the project root
        assertThat(dockerfile).contains("WORKDIR /app").contains("COPY config/ /app/config/")
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
        assertThat(dockerfile).contains("EXPOSE " + port).contains("/dev/tcp/127.0.0.1/" + port)
                .contains("GET /observe/health");
    }

    @Test
    void itRunsAsAnUnprivilegedUserWithAContainerAwareHeap() {
        Matcher user = Pattern.compile("(?m)^USER (\\S+)$").matcher(dockerfile);
        assertThat(user.find()).isTrue();
        assertThat(user.group(1)).isNotIn("root", "0");
        assertThat(dockerfile).contains("useradd --system --uid 10001").contains("-XX:MaxRAMPercentage=")
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
