package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.Chromium;
import dev.patsnapcamel.support.ManagementPort;
import dev.patsnapcamel.support.Workspace;

/**
 * The status page as a person sees it: loaded in headless Chromium while a real input runs through the sandbox
 * (its name, a progress that grows, the account running), then with the input finished (its counts), and with
 * the account stopped by PatSnap (the state and the code).
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/status-page/inbox",
            "outbox.dir=target/it/status-page/outbox",
            "state.dir=target/it/status-page/data",
            "camel.management.enabled=true",
            "management.host=127.0.0.1",
            "patsnap.endpoints=license,litigation",
            // slow enough that the page is seen in the middle of the input: 2 calls a second
            "patsnap.qps=2",
            "patsnap.stop.probe-interval=300",
            "patsnap.batch.recovery-interval=200"
        })
class StatusPageTest extends SandboxedBundleTest {

    static final Workspace workspace = new Workspace("status-page").wipe();
    static final ManagementPort PORT = ManagementPort.claim();
    static final Pattern PROGRESS = Pattern.compile("(\\d+) of (?:at most )?(\\d+) \\(");
    /** A name a browser would take for markup if the page did not escape it. */
    static final String NAME = "watch <b>list & \"co\".txt";

    final HttpClient http = HttpClient.newHttpClient();
    Chromium chromium;

    @Override
    Workspace workspace() {
        return workspace;
    }

    @BeforeEach
    void browser() {
        chromium = Chromium.find(workspace.root());
    }

    @AfterAll
    static void forgetPort() {
        ManagementPort.forget();
    }

    @Test
    void showsTheInputGrowingThenFinishedAndTheAccountStoppedWithItsCode() throws Exception {
        sandbox.settings().latencyMs(300);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            ids.add("US" + (71_000_000 + i * 7) + "B2");
        }
        workspace.drop(NAME, String.join("\n", ids));

        // in the middle of the input: its name (as text, not markup), its progress, the account running
        AtomicLong first = new AtomicLong();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    String dom = chromium.render(page());
                    String text = Chromium.text(dom);
                    assertThat(text).contains("Inputs in progress", NAME, "State: running");
                    assertThat(dom).doesNotContain("<b>list");
                    long settled = settledOf(text, 3000);
                    assertThat(settled).isBetween(1L, 2999L);
                    first.set(settled);
                });
        // a moment later, further on
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    String text = Chromium.text(chromium.render(page()));
                    assertThat(settledOf(text, 3000)).isGreaterThan(first.get());
                });

        // finished: the row of the input with the report's counts
        JsonNode report = await().atMost(Duration.ofSeconds(120)).until(() -> reportOf(NAME), r -> r != null);
        long found = report.at("/endpoints/license/found").asLong()
                + report.at("/endpoints/litigation/found").asLong();
        long notFound = report.at("/endpoints/license/not_found").asLong()
                + report.at("/endpoints/litigation/not_found").asLong();
        long billed = report.at("/endpoints/license/billed_results").asLong()
                + report.at("/endpoints/litigation/billed_results").asLong();
        assertThat(found).isPositive();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String text = Chromium.text(chromium.render(page()));
            assertThat(text).contains("Finished lately", "Nothing in progress.");
            assertThat(text)
                    .containsPattern(Pattern.quote(NAME) + " complete 1500 " + found + " \\d+ " + notFound + " 0 0 "
                            + billed + " ");
        });
        JsonNode json = new ObjectMapper().readTree(get("/observe/status.json").body());
        assertThat(json.at("/finished/0/source").asText()).isEqualTo(NAME);
        assertThat(json.at("/finished/0/lines/found").asLong()).isEqualTo(found);
        assertThat(json.at("/account/state").asText()).isEqualTo("running");

        // PatSnap stops the account: the page says so, with the code
        sandbox.settings().latencyMs(0);
        sandbox.settings().injectError(null, 67200005, -1);
        workspace.drop("after-the-stop.txt", "US11205304B2\nCN1394453A\n");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    String text = Chromium.text(chromium.render(page()));
                    assertThat(text)
                            .contains("State: stopped", "67200005", "account (stop-account)", "account-stopped");
                });
        sandbox.settings().clearInjections();
        workspace.awaitReport("after-the-stop.txt", Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(Chromium.text(chromium.render(page())))
                        .contains("State: running", "account-resumed"));
    }

    @Test
    void isReadOnlyAndAllowsNoScript() throws Exception {
        HttpResponse<String> page = get("/observe/status");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'none'"));
        assertThat(page.body()).doesNotContain("<script", "http://", "https://");
        HttpResponse<String> post = http.send(
                HttpRequest.newBuilder(URI.create(PORT.url("/observe/status")))
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(get("/observe/status.json").headers().firstValue("Content-Type"))
                .hasValue("application/json");
    }

    /** The report whose source is that name (its file name is the name made safe, so it is looked for). */
    private static JsonNode reportOf(String source) throws Exception {
        Path reports = workspace.outbox().resolve("reports");
        if (!Files.isDirectory(reports)) {
            return null;
        }
        try (Stream<Path> files = Files.list(reports)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                JsonNode r = Workspace.readJson(f);
                if (source.equals(r.path("source").asText())) {
                    return r;
                }
            }
        }
        return null;
    }

    private static long settledOf(String text, long expected) {
        Matcher m = PROGRESS.matcher(text.substring(text.indexOf(NAME)));
        assertThat(m.find())
                .as("a progress \"n of m\" after the input's name in: %s", text)
                .isTrue();
        assertThat(Long.parseLong(m.group(2))).isEqualTo(expected);
        return Long.parseLong(m.group(1));
    }

    private static String page() {
        return PORT.url("/observe/status");
    }

    private HttpResponse<String> get(String path) {
        return PORT.get(path);
    }
}
