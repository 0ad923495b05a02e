package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.support.BundleProcess;
import dev.patsnapcamel.support.Workspace;

/**
 * Camel's own tools against the bundle started as operators start it (a JVM of its own, its home a folder of the
 * test's): the cli connector's status file that Camel JBang reads, the dev consoles on the management port, and
 * Jolokia on the loopback interface. Recognisable fake secrets are set every way a site sets them (environment
 * variables, a {@code -D} option) and must show nowhere.
 */
class CamelToolsTest {

    static final List<String> SECRETS = List.of(
            "fake-client-secret-Q7W9", "fake-client-id-Q7W9", "fake-mail-password-Q7W9", "fake-broker-password-Q7W9");
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @Test
    void theCliConnectorListsTheRoutesAndTheConsolesReadWithoutSecrets() throws Exception {
        Workspace workspace = new Workspace("camel-tools").wipe();
        Path home = Files.createDirectories(workspace.root().resolve("home"));
        int management = BundleProcess.freePort();
        int jolokia = BundleProcess.freePort();
        long started = System.nanoTime();
        try (BundleProcess bundle = bundle(workspace, home, management)
                .option("-Dmanagement.jmx=true")
                .option("-Dmanagement.cli-connector=true")
                .option("-Dmanagement.dev-consoles=true")
                .option("-Dmanagement.jolokia.enabled=true")
                .option("-Dmanagement.jolokia.port=" + jolokia)
                .start()) {
            Path camelHome = home.resolve(".camel");
            // the file is written while the routes start, one by one: wait for the last of them
            JsonNode status = await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () -> readStatus(camelHome),
                            s -> s.isPresent()
                                    && routeIds(s.get())
                                            .containsAll(List.of(
                                                    "input-read", "intake-file", "call-attempt", "ledger-settle")))
                    .orElseThrow();
            System.out.printf(
                    "cli connector: status file with the routes %d ms after the JVM started%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

            // what camel get and camel get route show
            assertThat(status.at("/context/name").asText()).isEqualTo("patsnap-camel");
            assertThat(status.at("/runtime/platform").asText()).isEqualTo("Camel Main");
            assertThat(status.at("/runtime/mainClass").asText()).isEqualTo("dev.patsnapcamel.PatsnapCamelApplication");
            assertThat(routeIds(status)).contains("input-read", "intake-file", "call-attempt", "ledger-settle");
            // the folder is its user's only
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(camelHome)))
                    .isEqualTo("rwx------");
            // Camel's properties console (copied into the status file) shows values as given: masked here
            JsonNode secret = findProperty(status, "patsnap.client-secret");
            assertThat(secret.path("value").asText()).isEqualTo("xxxxxx");
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertNoSecret(
                            "status file",
                            Files.readString(statusFile(camelHome).orElseThrow())));

            // the dev consoles on the management port: listed, readable, masked, and they only read
            HttpResponse<String> index = get(management, "/q/dev", "text/plain");
            assertThat(index.statusCode()).isEqualTo(200);
            List<String> consoles = index.body()
                    .lines()
                    .map(l -> l.substring(0, l.indexOf(':')))
                    .filter(id -> !id.contains("/"))
                    .toList();
            assertThat(consoles).contains("route", "inflight", "properties", "jvm", "system-properties", "top");
            assertThat(consoles).doesNotContain("send", "receive", "browse", "reload", "debug");
            assertThat(get(management, "/q/dev/route", "application/json").body())
                    .contains("\"routeId\":\"input-read\"");
            for (String console : consoles) {
                assertNoSecret(
                        "console " + console,
                        get(management, "/q/dev/" + console, "text/plain").body());
                assertNoSecret(
                        "console " + console + " (JSON)",
                        get(management, "/q/dev/" + console, "application/json").body());
            }
            assertThat(get(management, "/q/dev/send?endpoint=direct:call-admit&body=x", "text/plain")
                            .body())
                    .contains("not found");
            assertThat(get(management, "/q/dev/route?action=stop", "text/plain").body())
                    .contains("only read over HTTP: no action");
            assertThat(get(management, "/q/dev/route", "application/json").body())
                    .doesNotContain("\"state\":\"Stopped\"")
                    .contains("\"state\":\"Started\"");

            // Jolokia: on 127.0.0.1 only (a server on all interfaces would also answer on 127.0.0.2, which is this
            // host's loopback too); not on the management port
            HttpResponse<String> version = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + jolokia + "/jolokia/version"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(version.statusCode()).isEqualTo(200);
            assertThat(version.body()).contains("\"agent\":\"2.3.0\"");
            assertThat(http.send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:" + jolokia
                                                                    + "/jolokia/read/org.apache.camel:context=patsnap-camel,type=context,name=%22patsnap-camel%22/State"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .contains("Started");
            assertThatThrownBy(() -> connect("127.0.0.2", jolokia)).isInstanceOf(ConnectException.class);
            assertThat(get(management, "/observe/jolokia", "application/json").statusCode())
                    .isEqualTo(404);

            assertThat(bundle.stop(40)).isZero();
            assertThat(statusFile(camelHome))
                    .as("the connector's files go with the bundle")
                    .isEmpty();
            // the client id is in the log by design (the account line names it); the secrets are not
            assertThat(String.join("\n", bundle.logLines()))
                    .doesNotContain(SECRETS.get(0), SECRETS.get(2), SECRETS.get(3));
        }
    }

    @Test
    void theToolsAreOffByDefault() throws Exception {
        Workspace workspace = new Workspace("camel-tools-off").wipe();
        Path home = Files.createDirectories(workspace.root().resolve("home"));
        int management = BundleProcess.freePort();
        int jolokia = BundleProcess.freePort();
        try (BundleProcess bundle = bundle(workspace, home, management)
                .option("-Dmanagement.jolokia.port=" + jolokia)
                .start()) {
            await().atMost(Duration.ofSeconds(90))
                    .ignoreExceptions()
                    .until(() -> get(management, "/observe/health", "application/json")
                                    .statusCode()
                            == 200);
            assertThat(get(management, "/q/dev", "text/plain").statusCode()).isEqualTo(404);
            assertThat(get(management, "/q/dev/properties", "text/plain").statusCode())
                    .isEqualTo(404);
            assertThat(get(management, "/observe/jolokia", "application/json").statusCode())
                    .isEqualTo(404);
            assertThatThrownBy(() -> connect("127.0.0.1", jolokia)).isInstanceOf(ConnectException.class);
            assertThat(home.resolve(".camel")).doesNotExist();
            assertThat(bundle.stop(40)).isZero();
        }
    }

    @Test
    void aToolWithoutJmxIsRefusedAtTheStartSayingWhy() throws Exception {
        Workspace workspace = new Workspace("camel-tools-no-jmx").wipe();
        Path home = Files.createDirectories(workspace.root().resolve("home"));
        try (BundleProcess bundle = bundle(workspace, home, BundleProcess.freePort())
                .option("-Dmanagement.cli-connector=true")
                .start()) {
            assertThat(bundle.awaitExit(90)).isNotZero();
            assertThat(bundle.logLines())
                    .anySatisfy(line ->
                            assertThat(line).contains("management.cli-connector = true needs management.jmx = true"));
            assertThat(home.resolve(".camel")).doesNotExist();
        }
    }

    /**
     * Camel JBang itself, when it is installed ({@code camel} on the PATH): its Maven artifacts
     * (org.apache.camel:camel-jbang-main) are not served by the registries this project reaches, so here it is
     * usually skipped; docs/operations.md says how to install it elsewhere.
     */
    @Test
    void camelGetRouteListsTheBundlesRoutes() throws Exception {
        Optional<Path> camel = Stream.of(
                        System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(dir -> Path.of(dir, "camel"))
                .filter(Files::isExecutable)
                .findFirst();
        Assumptions.assumeTrue(
                camel.isPresent(),
                "Camel JBang is not installed (no camel on the PATH; org.apache.camel:camel-jbang-main is not served"
                        + " by the registries reached here): camel get route not tried");
        Workspace workspace = new Workspace("camel-tools-jbang").wipe();
        Path home = Files.createDirectories(workspace.root().resolve("home"));
        try (BundleProcess bundle = bundle(workspace, home, BundleProcess.freePort())
                .option("-Dmanagement.jmx=true")
                .option("-Dmanagement.cli-connector=true")
                .start()) {
            await().atMost(Duration.ofSeconds(90))
                    .until(
                            () -> readStatus(home.resolve(".camel")),
                            s -> s.isPresent() && routeIds(s.get()).contains("input-read"));
            ProcessBuilder pb = new ProcessBuilder(camel.get().toString(), "get", "route").redirectErrorStream(true);
            pb.environment().put("JAVA_TOOL_OPTIONS", "-Duser.home=" + home);
            pb.environment().put("HOME", home.toString());
            long started = System.nanoTime();
            Process process = pb.start();
            String out = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            System.out.printf(
                    "camel get route answered in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            assertThat(out).contains("patsnap-camel", "input-read", "intake-file");
        }
    }

    private static List<String> routeIds(JsonNode status) {
        List<String> routes = new ArrayList<>();
        status.path("routes").forEach(r -> routes.add(r.path("routeId").asText()));
        return routes;
    }

    private static BundleProcess bundle(Workspace workspace, Path home, int management) {
        return new BundleProcess(workspace.root().resolve("bundle.log"))
                .option("-Duser.home=" + home)
                .option("-Dintake.file.dir=" + workspace.inbox())
                .option("-Dstate.dir=" + workspace.root().resolve("data"))
                .option("-Doutbox.dir=" + workspace.outbox())
                .option("-Dmanagement.host=127.0.0.1")
                .option("-Dmanagement.port=" + management)
                .option("-Dcluster.broker.password=" + SECRETS.get(3))
                .env("PATSNAP_ENDPOINTS", "license")
                .env("PATSNAP_SANDBOX_ENABLED", "true")
                .env("PATSNAP_CLIENT_ID", SECRETS.get(1))
                .env("PATSNAP_CLIENT_SECRET", SECRETS.get(0))
                .env("MAIL_PASSWORD", SECRETS.get(2));
    }

    private static Optional<Path> statusFile(Path camelHome) throws IOException {
        if (!Files.isDirectory(camelHome)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(camelHome)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-status.json"))
                    .findFirst();
        }
    }

    private Optional<JsonNode> readStatus(Path camelHome) {
        try {
            Optional<Path> file = statusFile(camelHome);
            if (file.isEmpty() || Files.size(file.get()) == 0) {
                return Optional.empty();
            }
            return Optional.of(json.readTree(file.get().toFile()));
        } catch (IOException halfWritten) {
            return Optional.empty();
        }
    }

    private static JsonNode findProperty(JsonNode status, String key) {
        for (JsonNode p : status.at("/properties/properties")) {
            if (p.path("key").asText().equals(key)) {
                return p;
            }
        }
        throw new AssertionError("no property " + key + " in the status file");
    }

    private static void assertNoSecret(String where, String text) {
        for (String secret : SECRETS) {
            assertThat(text).as("%s shows no secret", where).doesNotContain(secret);
        }
    }

    private HttpResponse<String> get(int port, String path, String accept) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Accept", accept)
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void connect(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5000);
        }
    }
}
