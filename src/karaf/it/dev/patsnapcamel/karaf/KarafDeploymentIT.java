package dev.patsnapcamel.karaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.support.Expected;

/**
 * The bundle in a real Apache Karaf 4.4, installed as the README says: {@code feature:repo-add} of the features
 * file the build attaches, {@code feature:install patsnap-camel}, settings in {@code etc/dev.patsnapcamel.cfg}.
 * A file of IDs dropped into the default inbox ({@code ${karaf.data}/patsnap/inbox}) ends as one ledger line per
 * ID and endpoint; a bad setting is reported and fixing it restarts the bundle; {@code feature:uninstall} stops
 * everything and Karaf goes on. The methods run in order on one Karaf.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KarafDeploymentIT {

    static final String GROUP = "dev.patsnapcamel";
    static final String ARTIFACT = "patsnap-camel";
    static final String VERSION = System.getProperty("patsnap.version");
    static final String FEATURES_URL = "mvn:" + GROUP + "/" + ARTIFACT + "/" + VERSION + "/xml/features";
    static final Map<String, String> PATHS = Map.of(
            "customs", "/advanced-patent-data/customs-data",
            "license", "/advanced-patent-data/license-data",
            "litigation", "/high-value-data/litigation");
    /** The thread names of everything the bundle starts (Camel, sandbox, state pool, H2, HTTP server). */
    static final List<String> OURS = List.of("Camel", "patsnap", "Hikari", "H2 ", "vert.x", "HttpClient");

    static final ObjectMapper JSON = new ObjectMapper();

    static KarafInstance karaf;
    static Path cfg;
    static Path work;
    static int managementPort = KarafInstance.freePort();

    @BeforeAll
    static void startKaraf() throws Exception {
        karaf = new KarafInstance(Path.of(System.getProperty("karaf.it.home"))).prepare();
        work = karaf.data().resolve("patsnap");
        cfg = karaf.etc().resolve(KarafSettings.PID + ".cfg");
        Files.deleteIfExists(cfg);
        KarafInstance.deleteTree(karaf.etc().resolve("patsnap"));
        // as after "mvn install": the bundle and the features file where mvn: URLs find them
        karaf.deploy(Path.of(System.getProperty("patsnap.karaf.bundle")), GROUP, ARTIFACT, VERSION, "karaf", "jar");
        karaf.deploy(
                Path.of(System.getProperty("patsnap.karaf.features")), GROUP, ARTIFACT, VERSION, "features", "xml");
        karaf.start(karaf.home().resolveSibling("karaf.out"));
    }

    @AfterAll
    static void stopKaraf() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    @Order(1)
    void installedFromTheFeaturesRepositoryItSettlesEveryIdOncePerEndpoint() throws Exception {
        Files.writeString(cfg, settings(), StandardCharsets.ISO_8859_1);
        // a route of the site's own, next to the bundled ones
        Files.createDirectories(karaf.etc().resolve("patsnap/routes"));
        Files.writeString(karaf.etc().resolve("patsnap/routes/site-hello.yaml"), """
                - route:
                    id: site-hello
                    from:
                      uri: "timer:site-hello"
                      parameters:
                        repeatCount: 1
                      steps:
                        - log: "site route from etc/patsnap/routes ran"
                """);

        // Config Admin has the settings before the bundle asks for them (else it would start once with the defaults)
        await().atMost(Duration.ofSeconds(60))
                .until(() -> karaf.execute("config:list '(service.pid=" + KarafSettings.PID + ")'")
                        .contains("management.port = " + managementPort));

        karaf.execute("feature:repo-add " + FEATURES_URL);
        karaf.execute("feature:install patsnap-camel");
        assertThat(karaf.execute("bundle:list -s")).containsPattern("Active .*dev\\.patsnapcamel");

        List<String> ids = List.of(
                "US11205304B2",
                "us-11205304-b2",
                "CN1394453A",
                "EP1234567A1",
                "US9876543B2",
                "9d2b0c56-7f3a-4d59-9a1e-2c1b3f4e5a6b",
                "hello");
        drop("first.txt", ids);
        JsonNode report = awaitReport("first.txt");
        assertThat(report.get("status").asText()).isEqualTo("complete");
        assertThat(report.get("ids_read").asLong()).isEqualTo(ids.size());
        assertLedger(
                "first.txt",
                List.of(
                        "US11205304B2",
                        "CN1394453A",
                        "EP1234567A1",
                        "US9876543B2",
                        "9d2b0c56-7f3a-4d59-9a1e-2c1b3f4e5a6b"),
                List.of("hello"));

        assertThat(karaf.logLines("site route from etc/patsnap/routes ran")).hasSize(1);
        // the management server (vert.x inside the bundle) answers
        HttpResponse<String> health = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/observe/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    @Order(2)
    void aBadSettingIsReportedAndFixingItRestartsTheBundle() throws Exception {
        int started = karaf.logLines("patsnap-camel started").size();
        Files.writeString(cfg, settings() + "patsnap.batch.size = 500\n", StandardCharsets.ISO_8859_1);

        await().atMost(Duration.ofSeconds(90))
                .until(() -> !karaf.logLines(
                                "| ERROR |",
                                "patsnap-camel could not start: "
                                        + "IllegalArgumentException: patsnap.batch.size must be between 1 and 100, was 500")
                        .isEmpty());
        // the bundle stays, waiting for a better configuration
        assertThat(karaf.execute("bundle:list -s")).containsPattern("Active .*dev\\.patsnapcamel");

        Files.writeString(cfg, settings(), StandardCharsets.ISO_8859_1);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> karaf.logLines("patsnap-camel started").size() > started);
        drop("second.txt", List.of("US11205304B2", "CN1394453A"));
        assertThat(awaitReport("second.txt").get("status").asText()).isEqualTo("complete");
        assertLedger("second.txt", List.of("US11205304B2", "CN1394453A"), List.of());
    }

    @Test
    @Order(3)
    void uninstallStopsEverythingAndKarafGoesOn() throws Exception {
        karaf.execute("feature:uninstall patsnap-camel");

        assertThat(karaf.execute("bundle:list -s -t 0")).doesNotContain("dev.patsnapcamel");
        assertThat(karaf.logLines("patsnap-camel stopped")).isNotEmpty();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(ourThreads()).isEmpty());
        // the state database was closed: the test can open it, and it holds what the ledger says
        Path state = work.resolve("data").resolve("patsnap-state");
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + state.toAbsolutePath());
                Statement query = db.createStatement();
                ResultSet rows =
                        query.executeQuery("SELECT source, ids_read, completed FROM patsnap_source ORDER BY source")) {
            List<String> sources = new ArrayList<>();
            while (rows.next()) {
                sources.add(rows.getString(1) + " " + rows.getLong(2) + " " + rows.getBoolean(3));
            }
            assertThat(sources).containsExactly("first.txt 7 true", "second.txt 2 true");
        }
        // Karaf itself is fine and the feature can be removed as well
        karaf.execute("feature:repo-remove " + FEATURES_URL);
        assertThat(karaf.execute("feature:list -i")).contains("shell").doesNotContain("patsnap-camel");
    }

    /** What a site puts in etc/dev.patsnapcamel.cfg: the sandbox, quick settings, the default folders. */
    private static String settings() {
        return """
                # patsnap-camel in KarafDeploymentIT
                patsnap.sandbox.enabled = true
                patsnap.sandbox.latency-ms = 0
                patsnap.sandbox.latency-jitter-ms = 0
                patsnap.sandbox.qps = 0
                patsnap.qps = 50
                patsnap.batch.timeout = 200
                intake.file.stable-ms = 100
                intake.file.poll-ms = 100
                camel.main.shutdownTimeout = 5
                management.host = 127.0.0.1
                management.port = %d
                """.formatted(managementPort);
    }

    private static void drop(String name, List<String> ids) throws IOException {
        Path inbox = work.resolve("inbox");
        Files.createDirectories(inbox);
        Path staged = work.resolve(name + ".staged");
        Files.writeString(staged, String.join("\n", ids) + "\n");
        Files.move(staged, inbox.resolve(name));
    }

    private static JsonNode awaitReport(String source) throws IOException {
        Path report = work.resolve("outbox/reports").resolve(source + ".json");
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(report));
        return JSON.readTree(report.toFile());
    }

    /** One ledger line per (ID, endpoint) for the source, each with the status the sandbox's data calls for. */
    private static void assertLedger(String source, List<String> valid, List<String> rejected) throws IOException {
        for (Map.Entry<String, String> endpoint : PATHS.entrySet()) {
            List<JsonNode> lines = new ArrayList<>();
            try (Stream<Path> files = Files.list(work.resolve("outbox").resolve(endpoint.getKey()))) {
                for (Path file : files.toList()) {
                    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                        JsonNode entry = JSON.readTree(line);
                        if (entry.get("source").asText().equals(source)) {
                            lines.add(entry);
                        }
                    }
                }
            }
            Set<String> queries = new LinkedHashSet<>();
            Map<String, String> statuses = new HashMap<>();
            for (JsonNode line : lines) {
                assertThat(queries.add(line.get("query").asText()))
                        .as("%s once", line.get("query"))
                        .isTrue();
                statuses.put(line.get("query").asText(), line.get("status").asText());
            }
            assertThat(queries)
                    .containsExactlyInAnyOrderElementsOf(
                            Stream.concat(valid.stream(), rejected.stream()).toList());
            for (String id : valid) {
                assertThat(statuses.get(id))
                        .as("%s %s", endpoint.getKey(), id)
                        .isEqualTo(Expected.forQuery(endpoint.getValue(), id).status());
            }
            rejected.forEach(id -> assertThat(statuses.get(id)).isEqualTo("rejected"));
        }
    }

    private static List<String> ourThreads() throws IOException {
        return karaf.execute("threads --list")
                .lines()
                .filter(l -> OURS.stream().anyMatch(l::contains))
                .toList();
    }
}
