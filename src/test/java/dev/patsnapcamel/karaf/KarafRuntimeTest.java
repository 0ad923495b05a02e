package dev.patsnapcamel.karaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.support.Expected;
import dev.patsnapcamel.support.Workspace;

/**
 * What the Karaf bundle's activator runs, outside OSGi: Camel Main with the bundled defaults, the host's
 * settings and folders, routes replaced or added from the host's routes folder; a stop that leaves no thread
 * behind; a failed start that names the setting at fault and also leaves nothing running. The same in Karaf
 * itself is {@code KarafDeploymentIT}.
 */
class KarafRuntimeTest {

    static final String DEFAULTS = "file:config/application.properties";
    /** The thread names of everything the bundle starts (Camel, sandbox, state pool, H2, HTTP server). */
    static final List<String> OURS = List.of("Camel", "patsnap", "Hikari", "H2 ", "vert.x", "HttpClient");

    final Workspace workspace = new Workspace("karaf-runtime").wipe();
    final Path routesDir = workspace.root().resolve("etc-routes");

    @Test
    void runsTheBundleWithTheHostsSettingsAndFoldersAndStopsWithoutLeftovers() throws Exception {
        Files.createDirectories(routesDir);
        Files.writeString(routesDir.resolve("progress-log.yaml"), """
                - route:
                    id: progress-log
                    description: replaced by the host
                    from:
                      uri: "timer:progress-log"
                      parameters:
                        period: "60000"
                      steps:
                        - log: "progress replaced"
                """);
        Files.writeString(routesDir.resolve("site-extra.yaml"), """
                - route:
                    id: site-extra
                    from:
                      uri: "direct:site-extra"
                      steps:
                        - log: "a route of the site's own"
                """);
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Map<String, String> configured = fast();
        configured.put("intake.file.dir", "in"); // relative: under the work folder

        KarafRuntime runtime = KarafRuntime.start(getClass().getClassLoader(), DEFAULTS, overrides(configured));
        try {
            assertThat(runtime.context().getRoute("progress-log").getDescription())
                    .isEqualTo("replaced by the host");
            assertThat(runtime.context().getRoute("site-extra")).isNotNull();
            assertThat(runtime.context().getRoute("intake-file").getEndpoint().getEndpointUri())
                    .contains(workspace
                            .root()
                            .resolve("work")
                            .resolve("in")
                            .toAbsolutePath()
                            .toString());

            Files.createDirectories(workspace.root().resolve("work/in"));
            Files.writeString(
                    workspace.root().resolve("staged.txt"), "US11205304B2\nCN1394453A\nnot-an-id\nUS11205304B2\n");
            Files.move(workspace.root().resolve("staged.txt"), workspace.root().resolve("work/in/karaf.txt"));

            Path report = workspace.root().resolve("work/outbox/reports/karaf.txt.json");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));
            assertThat(Workspace.readJson(report).get("status").asText()).isEqualTo("complete");
            List<JsonNode> ledger = ledger(workspace.root().resolve("work/outbox/license"));
            assertThat(ledger)
                    .extracting(l -> l.get("query").asText())
                    .containsExactlyInAnyOrder("US11205304B2", "CN1394453A", "not-an-id");
            for (JsonNode line : ledger) {
                String query = line.get("query").asText();
                assertThat(line.get("status").asText())
                        .as(query)
                        .isEqualTo(
                                "not-an-id".equals(query)
                                        ? "rejected"
                                        : Expected.forQuery("/advanced-patent-data/license-data", query)
                                                .status());
            }
            // the default H2 file follows state.dir into the work folder
            assertThat(workspace.root().resolve("work/data/patsnap-state.mv.db"))
                    .exists();
        } finally {
            runtime.close();
        }
        assertNoThreadLeftSince(before);
    }

    @Test
    void aBadSettingFailsTheStartWithItsReasonAndLeavesNothingRunning() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Map<String, String> configured = fast();
        configured.put("patsnap.batch.size", "500");

        assertThatThrownBy(() -> KarafRuntime.start(getClass().getClassLoader(), DEFAULTS, overrides(configured)))
                .satisfies(e -> assertThat(KarafRuntime.reason(e))
                        .isEqualTo("IllegalArgumentException: patsnap.batch.size must be between 1 and 100, was 500"));
        assertNoThreadLeftSince(before);
    }

    @Test
    void aFailureAfterTheSandboxAndTheDatabaseStartedStopsThemAgain() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Map<String, String> configured = fast();
        configured.put("patsnap.endpoints", "license,nosuch");

        assertThatThrownBy(() -> KarafRuntime.start(getClass().getClassLoader(), DEFAULTS, overrides(configured)))
                .satisfies(e -> assertThat(KarafRuntime.reason(e)).contains("'nosuch'", "no route serves it"));
        assertNoThreadLeftSince(before);
    }

    @Test
    void relativeFoldersGoUnderTheWorkFolderAndTheHostsRoutesReplaceTheBundledOnesByName() throws IOException {
        Files.createDirectories(routesDir);
        Files.writeString(routesDir.resolve("b.yaml"), "[]");
        Files.writeString(routesDir.resolve("c.yaml"), "[]");
        Files.writeString(routesDir.resolve(".hidden.yaml"), "[]");
        Files.writeString(routesDir.resolve("notes.txt"), "");
        Path work = workspace.root().resolve("w").toAbsolutePath();
        KarafSettings settings = new KarafSettings(
                work, routesDir, KarafSettings.BUNDLED_ROUTES, List.of("outputs/b.camel.yaml", "intake/a.camel.yaml"));
        Properties defaults = new Properties();
        defaults.setProperty("intake.file.dir", "inbox");
        defaults.setProperty("outbox.dir", "outbox");
        defaults.setProperty("state.dir", "data");
        defaults.setProperty("state.jdbc.url", "jdbc:h2:file:{{path:{{state.dir}}}}/patsnap-state;TRACE_LEVEL_FILE=0");
        defaults.setProperty("sink.jdbc.url", "jdbc:h2:file:{{path:{{state.dir}}}}/patsnap-results;TRACE_LEVEL_FILE=0");
        defaults.setProperty("patsnap.qps", "5");

        Properties overrides = settings.overrides(
                defaults, Map.of("outbox.dir", "/srv/out", "state.dir", "db/../state", "patsnap.qps", "7"));

        assertThat(overrides)
                .containsEntry("intake.file.dir", work.resolve("inbox").toString())
                .containsEntry("outbox.dir", "/srv/out")
                .containsEntry("state.dir", work.resolve("state").toString())
                .doesNotContainKeys("state.jdbc.url", "sink.jdbc.url") // they follow state.dir by themselves
                .containsEntry("patsnap.qps", "7")
                .containsEntry(
                        "camel.main.routesIncludePattern",
                        "classpath:routes/intake/a.camel.yaml,file:"
                                + routesDir.toAbsolutePath().normalize().resolve("b.yaml") + ",file:"
                                + routesDir.toAbsolutePath().normalize().resolve("c.yaml"));

        Properties own = settings.overrides(
                defaults,
                Map.of(
                        "state.jdbc.url",
                        "jdbc:postgresql://db/patsnap",
                        "camel.main.routesIncludePattern",
                        "file:/opt/routes/*.yaml"));
        assertThat(own)
                .containsEntry("state.jdbc.url", "jdbc:postgresql://db/patsnap")
                .doesNotContainKey("sink.jdbc.url")
                .containsEntry("camel.main.routesIncludePattern", "file:/opt/routes/*.yaml");

        assertThat(KarafSettings.configured(Map.of(
                        "service.pid",
                        "dev.patsnapcamel",
                        "felix.fileinstall.filename",
                        "file:/etc/dev.patsnapcamel.cfg",
                        "patsnap.qps",
                        3,
                        "patsnap.endpoints",
                        new String[] {"a", "b"})))
                .containsOnly(Map.entry("patsnap.qps", "3"), Map.entry("patsnap.endpoints", "a,b"));
    }

    /** Settings as a test site would put them in etc/dev.patsnapcamel.cfg: a quick sandbox and folder. */
    private Map<String, String> fast() {
        Map<String, String> configured = new HashMap<>();
        configured.put("patsnap.sandbox.enabled", "true");
        configured.put("patsnap.sandbox.latency-ms", "0");
        configured.put("patsnap.sandbox.latency-jitter-ms", "0");
        configured.put("patsnap.sandbox.qps", "0");
        configured.put("patsnap.qps", "50");
        configured.put("patsnap.batch.timeout", "200");
        configured.put("intake.file.stable-ms", "100");
        configured.put("intake.file.poll-ms", "100");
        configured.put("camel.management.enabled", "false");
        configured.put("camel.main.shutdownTimeout", "5");
        return configured;
    }

    private Properties overrides(Map<String, String> configured) throws IOException {
        List<String> bundled;
        Path routes = Path.of("routes");
        try (Stream<Path> files = Files.walk(routes)) {
            bundled = files.filter(Files::isRegularFile)
                    .map(p -> routes.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> n.endsWith(".yaml"))
                    .toList();
        }
        KarafSettings settings =
                new KarafSettings(workspace.root().resolve("work"), routesDir, "file:routes/", bundled);
        try (InputStream in = Files.newInputStream(Path.of("config/application.properties"))) {
            return settings.overrides(KarafSettings.read(in), configured);
        }
    }

    private static List<JsonNode> ledger(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            Path file = files.filter(f -> f.getFileName().toString().endsWith(".jsonl"))
                    .findFirst()
                    .orElseThrow();
            List<JsonNode> lines = new java.util.ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                lines.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line));
            }
            return lines;
        }
    }

    /** Every thread of ours started since {@code before} ends (some a moment after the stop returns). */
    private static void assertNoThreadLeftSince(Set<Thread> before) {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet().stream()
                                .filter(t -> !before.contains(t) && t.isAlive())
                                .map(Thread::getName)
                                .filter(n -> OURS.stream().anyMatch(n::contains))
                                .collect(Collectors.toList()))
                        .as("threads left")
                        .isEmpty());
    }
}
