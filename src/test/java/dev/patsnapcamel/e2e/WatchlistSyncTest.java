package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.model.OutputName;
import dev.patsnapcamel.sandbox.SandboxData;
import dev.patsnapcamel.support.LogCapture;
import dev.patsnapcamel.support.Workspace;
import dev.patsnapcamel.watchlist.WatchlistRuns;

/**
 * The scheduled watch list through the real {@code Main} and Quartz (its job triggered by hand instead of
 * waiting for the cron): a first run sets the baseline; then the sandbox's data moves on a generation and
 * the list loses one patent and gains one, and the second run's change file holds exactly the expected
 * events; an ID that fails in a run keeps its previous state and shows its change in the next run; a
 * trigger during a run is skipped.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/watchlist-sync/inbox", "outbox.dir=target/it/watchlist-sync/outbox",
            "state.dir=target/it/watchlist-sync/data", "patsnap.batch.size=20",
            "watchlist.enabled=true", "watchlist.file=target/it/watchlist-sync/config/watchlist.txt",
            "watchlist.cron=0 0 2 1 1 ? 2099", "watchlist.outputs=ledger",
            "camel.main.routesIncludePattern=file:routes/**/*.yaml,classpath:test-routes/changes-capture.yaml"
        })
class WatchlistSyncTest extends SandboxedBundleTest {

    static final Map<String, String> PATHS = FileToLedgerTest.PATHS;
    static final ObjectMapper JSON = new ObjectMapper();
    static final Workspace workspace = new Workspace("watchlist-sync").wipe();
    static final Path LIST = workspace.root().resolve("config").resolve("watchlist.txt");

    @BeanInject
    CamelContext context;

    @BeanInject
    WatchlistRuns runs;

    @EndpointInject("mock:changes")
    MockEndpoint changes;

    @BeanInject("patsnapStateDataSource")
    DataSource state;

    @Override
    Workspace workspace() {
        return workspace;
    }

    /** Each test starts without a previous run (the state database outlives the bundle between tests). */
    @BeforeEach
    void forgetPreviousRuns() throws SQLException {
        try (Connection c = state.getConnection();
                Statement s = c.createStatement()) {
            s.execute("DELETE FROM patsnap_watch_record");
            s.execute("DELETE FROM patsnap_watch_run");
        }
    }

    @Test
    void twoRunsWithChangedDataGiveExactlyTheExpectedChangeEvents() throws Exception {
        List<String> candidates = numbers(60);
        // one patent that has records now and leaves the list, one that joins it and has records then,
        // and one that fails in the second run although its records change
        String leaving = first(candidates, q -> hasRecords(q, 0));
        String failing = first(candidates, q -> !q.equals(leaving) && differs(q, 0, 1));
        String joining = first(numbers(200).subList(100, 200), q -> hasRecords(q, 1));
        List<String> first = new ArrayList<>(candidates);
        first.add("not-a-patent!");
        List<String> second = new ArrayList<>(first);
        second.remove(leaving);
        second.add(joining);
        sandbox.settings().dataGeneration(0);

        writeList(first);
        JsonNode run1 = runAndAwaitReport(1);
        assertThat(run1.at("/changes/baseline").asBoolean()).isTrue();
        assertThat(run1.at("/changes/new").asLong()).isZero();
        assertThat(changeFiles()).isEmpty();
        assertThat(run1.get("ids_unique").asLong()).isEqualTo(61);

        sandbox.settings().dataGeneration(1);
        sandbox.settings().rejectPatent(failing, 68300004);
        writeList(second);
        JsonNode run2 = runAndAwaitReport(2);

        Set<Event> expected2 = expectedEvents(first, 0, second, 1, Set.of(failing));
        assertThat(expected2).extracting(Event::change).contains("new", "changed", "removed");
        assertThat(expected2)
                .anyMatch(e -> e.query().equals(leaving) && e.change().equals("removed"));
        assertThat(expected2)
                .anyMatch(e -> e.query().equals(joining) && e.change().equals("new"));
        List<JsonNode> lines2 = changeLines(run2);
        assertThat(lines2).allSatisfy(l -> {
            assertThat(l.get("source").asText()).isEqualTo(run2.get("source").asText());
            assertThat(l.get("previous_source").asText())
                    .isEqualTo(run1.get("source").asText());
            assertThat(l.get("pn").asText()).isNotBlank();
            assertThat(l.get("patent_id").asText()).isNotBlank();
        });
        assertThat(events(lines2)).containsExactlyInAnyOrderElementsOf(expected2);
        assertThat(lines2).extracting(l -> l.get("query").asText()).doesNotContain(failing, "not-a-patent!");
        assertCounts(run2, expected2, run1.get("source").asText());
        assertThat(workspace.ledger("license"))
                .filteredOn(l -> l.get("query").asText().equals(failing))
                .extracting(l -> l.get("status").asText())
                .containsExactly("found", "rejected");

        // the change file went to the outputs
        changes.expectedMessageCount(1);
        changes.assertIsSatisfied(5000);
        Exchange published = changes.getExchanges().get(0);
        assertThat(published.getMessage().getBody()).isInstanceOf(String.class);
        assertThat(Path.of(published.getMessage().getBody(String.class))).isEqualTo(changeFile(run2));
        assertThat(published.getMessage().getHeader("PatsnapSource"))
                .isEqualTo(run2.get("source").asText());
        assertThat(published.getMessage().getHeader("PatsnapChangeCount", Long.class))
                .isEqualTo(expected2.size());

        // the failed patent kept its first-run state: the next run shows its change, and only that
        sandbox.settings().clearInjections();
        JsonNode run3 = runAndAwaitReport(3);
        Set<Event> expected3 = expectedEvents(second, 1, second, 1, Set.of());
        expected3.clear();
        for (String endpoint : PATHS.keySet()) {
            Event e = event(endpoint, failing, records(endpoint, failing, 0), records(endpoint, failing, 1));
            if (e != null) {
                expected3.add(e);
            }
        }
        assertThat(expected3).isNotEmpty();
        assertThat(events(changeLines(run3))).containsExactlyInAnyOrderElementsOf(expected3);
        assertCounts(run3, expected3, run2.get("source").asText());
    }

    @Test
    void aTriggerWhileARunIsGoingIsSkipped() throws Exception {
        writeList(numbers(30));
        runAndAwaitReport(1);
        sandbox.settings().latencyMs(1500);
        long skippedBefore = runs.skipped();
        try (LogCapture log = LogCapture.attach()) {
            trigger();
            trigger();

            await().atMost(Duration.ofSeconds(20)).until(() -> runs.skipped() == skippedBefore + 1);
            JsonNode run = awaitReports(2).get(1);
            assertThat(run.get("ids_unique").asLong()).isEqualTo(30);
            assertThat(log.messages(Level.INFO))
                    .anyMatch(m -> m.startsWith("Watch list: the last run is still going")
                            && m.contains("this trigger is skipped"));
        } finally {
            sandbox.settings().latencyMs(0);
        }
        assertThat(reports()).hasSize(2);
    }

    @Test
    void aMissingWatchListStartsNoRunAndRaisesAnAlert() throws Exception {
        Files.deleteIfExists(LIST);

        trigger();

        Path alerts = workspace.outbox().resolve("alerts");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.isDirectory(alerts) && alertFiles(alerts).size() == 1);
        JsonNode alert = Workspace.readJson(alertFiles(alerts).get(0));
        assertThat(alert.get("kind").asText()).isEqualTo("watchlist-missing");
        assertThat(alert.get("message").asText())
                .contains(LIST.toAbsolutePath().toString())
                .contains("watchlist.file");
        assertThat(runs.running()).isFalse();
        assertThat(reports()).isEmpty();
    }

    private static List<Path> alertFiles(Path alerts) throws IOException {
        try (Stream<Path> files = Files.list(alerts)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-watchlist-missing.json"))
                    .toList();
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** One change event, as compared: endpoint, query, kind, records before and after. */
    record Event(String endpoint, String query, String change, JsonNode before, JsonNode after) {}

    private static Set<Event> expectedEvents(
            List<String> before, int generationBefore, List<String> after, int generationAfter, Set<String> failed) {
        Set<Event> events = new HashSet<>();
        Set<String> all = new LinkedHashSet<>(before);
        all.addAll(after);
        for (String query : all) {
            if (failed.contains(query)) {
                continue;
            }
            for (String endpoint : PATHS.keySet()) {
                JsonNode was = before.contains(query) ? records(endpoint, query, generationBefore) : empty();
                JsonNode now = after.contains(query) ? records(endpoint, query, generationAfter) : empty();
                Event e = event(endpoint, query, was, now);
                if (e != null) {
                    events.add(e);
                }
            }
        }
        return events;
    }

    private static Event event(String endpoint, String query, JsonNode was, JsonNode now) {
        if (was.equals(now)) {
            return null;
        }
        String change = was.isEmpty() ? "new" : now.isEmpty() ? "removed" : "changed";
        return new Event(endpoint, query, change, was, now);
    }

    private static JsonNode records(String endpoint, String query, int generation) {
        String path = PATHS.get(endpoint);
        Optional<ObjectNode> patent = SandboxData.patent(path, query, generation);
        return patent.isEmpty() ? empty() : patent.get().get(SandboxData.resultField(path));
    }

    private static boolean hasRecords(String query, int generation) {
        return PATHS.keySet().stream()
                .anyMatch(e -> !records(e, query, generation).isEmpty());
    }

    private static boolean differs(String query, int a, int b) {
        return PATHS.keySet().stream().anyMatch(e -> !records(e, query, a).equals(records(e, query, b)));
    }

    private static JsonNode empty() {
        return JsonNodeFactory.instance.arrayNode();
    }

    private static String first(List<String> queries, java.util.function.Predicate<String> test) {
        return queries.stream().filter(test).findFirst().orElseThrow();
    }

    private static List<String> numbers(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add("US" + (50_000_000 + i * 7_919) + "B2");
        }
        return ids;
    }

    private static Set<Event> events(List<JsonNode> lines) {
        Set<Event> events = new HashSet<>();
        for (JsonNode l : lines) {
            assertThat(events.add(new Event(
                            l.get("endpoint").asText(),
                            l.get("query").asText(),
                            l.get("change").asText(),
                            l.get("before"),
                            l.get("after"))))
                    .as("one line per (endpoint, patent)")
                    .isTrue();
        }
        return events;
    }

    private static void assertCounts(JsonNode report, Set<Event> expected, String comparedWith) {
        for (String kind : List.of("new", "changed", "removed")) {
            assertThat(report.at("/changes/" + kind).asLong())
                    .as(kind)
                    .isEqualTo(expected.stream()
                            .filter(e -> e.change().equals(kind))
                            .count());
        }
        assertThat(report.at("/changes/compared_with").asText()).isEqualTo(comparedWith);
        assertThat(report.at("/changes/file").asText())
                .isEqualTo(changeFile(report).toString());
    }

    private void trigger() throws Exception {
        context.getComponent("quartz", QuartzComponent.class)
                .getScheduler()
                .triggerJob(new JobKey("watchlist", "patsnap"));
    }

    /** Triggers the Quartz job and waits for the n-th report of the watch list, complete with its changes. */
    private JsonNode runAndAwaitReport(int n) throws Exception {
        trigger();
        return awaitReports(n).get(n - 1);
    }

    private List<JsonNode> awaitReports(int n) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> reports().size() >= n && reports().stream().allMatch(r -> r.has("changes")));
        // the run is over once its report is handed on and the source retired
        await().atMost(Duration.ofSeconds(10)).until(() -> !runs.running());
        return reports();
    }

    /** The watch list's reports, oldest first. */
    private static List<JsonNode> reports() {
        Path dir = workspace.outbox().resolve("reports");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("watchlist_watchlist.txt_"))
                    .sorted()
                    .map(Workspace::readJson)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path changeFile(JsonNode report) {
        return workspace
                .outbox()
                .resolve("changes")
                .resolve(OutputName.of(report.get("source").asText()) + ".jsonl");
    }

    private static List<String> changeFiles() throws IOException {
        Path dir = workspace.outbox().resolve("changes");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static List<JsonNode> changeLines(JsonNode report) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(changeFile(report), StandardCharsets.UTF_8)) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private static void writeList(List<String> ids) throws IOException {
        Files.createDirectories(LIST.getParent());
        Files.writeString(LIST, "# watched patents\n" + String.join("\n", ids) + "\n");
    }
}
