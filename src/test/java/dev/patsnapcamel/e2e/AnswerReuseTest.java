package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.sandbox.CallRecord;
import dev.patsnapcamel.support.Workspace;

/**
 * Never pay twice, through the real {@code Main}: an answer given within {@code patsnap.reuse.window}
 * settles a later input's ask without a call, with the original line plus {@code "reused": true}; a
 * watch-list run asks afresh; two inputs in flight with the same IDs make one call per batch, and the same
 * ID of two sources in one batch is sent once; an estimate of an input matches what its real run then
 * does, and calls nothing. Each test uses IDs of its own (the state database is shared).
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/answer-reuse/inbox",
            "outbox.dir=target/it/answer-reuse/outbox",
            "state.dir=target/it/answer-reuse/data",
            "patsnap.reuse.window=24h",
            "watchlist.enabled=true",
            "watchlist.file=target/it/answer-reuse/config/watchlist.txt",
            "watchlist.cron=0 0 2 1 1 ? 2099",
            "watchlist.outputs=ledger"
        })
class AnswerReuseTest extends SandboxedBundleTest {

    static final Map<String, String> PATHS = FileToLedgerTest.PATHS;
    static final Workspace workspace = new Workspace("answer-reuse").wipe();
    static final Set<String> PER_SOURCE = Set.of("source", "source_id", "reused");

    @Override
    Workspace workspace() {
        return workspace;
    }

    @BeanInject
    CamelContext context;

    @Test
    void theSameIdsInASecondFileMakeNoCallAndGiveTheSameLines() {
        List<String> ids = ids(50_000_000, 500);
        workspace.drop("first.txt", lines(ids));
        JsonNode first = workspace.awaitReport("first.txt", Duration.ofSeconds(60));
        assertThat(first.at("/endpoints/license/reused").asLong()).isZero();
        long callsBefore = sandbox.stats().totalCalls();
        assertThat(callsBefore).isEqualTo(15);

        workspace.drop("second.txt", lines(ids));
        JsonNode second = workspace.awaitReport("second.txt", Duration.ofSeconds(60));

        assertThat(sandbox.stats().totalCalls()).as("calls for the second file").isEqualTo(callsBefore);
        for (String endpoint : PATHS.keySet()) {
            assertThat(second.at("/endpoints/" + endpoint + "/reused").asLong()).isEqualTo(500);
            assertThat(second.at("/endpoints/" + endpoint + "/api_calls").asLong())
                    .isZero();
            Map<String, JsonNode> original = bySource(endpoint, "first.txt");
            Map<String, JsonNode> reused = bySource(endpoint, "second.txt");
            assertThat(reused.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            for (String id : ids) {
                JsonNode was = original.get(id);
                JsonNode now = reused.get(id);
                assertThat(was.has("reused")).isFalse();
                assertThat(now.get("reused").asBoolean()).isTrue();
                assertThat(now.get("source").asText()).isEqualTo("second.txt");
                assertSameAnswer(was, now);
            }
            assertThat(first.at("/endpoints/" + endpoint + "/found").asLong())
                    .isEqualTo(second.at("/endpoints/" + endpoint + "/found").asLong());
        }
    }

    @Test
    void aWatchlistRunAsksAfresh() throws Exception {
        List<String> ids = ids(51_000_000, 40);
        workspace.drop("before-watch.txt", lines(ids));
        workspace.awaitReport("before-watch.txt", Duration.ofSeconds(60));
        sandbox.stats().reset();
        Path list = workspace.root().resolve("config").resolve("watchlist.txt");
        Files.createDirectories(list.getParent());
        Files.writeString(list, lines(ids));

        context.getComponent("quartz", QuartzComponent.class)
                .getScheduler()
                .triggerJob(new JobKey("watchlist", "patsnap"));
        JsonNode report = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> watchlistReport(), r -> r != null);

        for (Map.Entry<String, String> endpoint : PATHS.entrySet()) {
            assertThat(report.at("/endpoints/" + endpoint.getKey() + "/reused").asLong())
                    .isZero();
            assertThat(idsCalled(endpoint.getValue())).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void twoInputsInFlightWithTheSameIdsMakeOneCallPerBatch() {
        List<String> ids = ids(52_000_000, 300);
        // the calls take a while, so that the second file's batches are formed while the first's are in flight
        sandbox.settings().latencyMs(1500);
        try {
            workspace.drop("flight-a.txt", lines(ids));
            await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.stats().inFlight() > 0);
            workspace.drop("flight-b.txt", lines(ids));
            workspace.awaitReport("flight-a.txt", Duration.ofSeconds(60));
            JsonNode b = workspace.awaitReport("flight-b.txt", Duration.ofSeconds(60));
            for (Map.Entry<String, String> endpoint : PATHS.entrySet()) {
                List<String> called = idsCalled(endpoint.getValue());
                assertThat(called).as(endpoint.getKey()).doesNotHaveDuplicates();
                assertThat(called).containsExactlyInAnyOrderElementsOf(ids);
                assertThat(sandbox.stats().calls(endpoint.getValue())).isEqualTo(3);
                assertThat(b.at("/endpoints/" + endpoint.getKey() + "/reused").asLong())
                        .isEqualTo(300);
                assertThat(bySource(endpoint.getKey(), "flight-b.txt")).hasSize(300);
            }
        } finally {
            sandbox.settings().latencyMs(0);
        }
    }

    @Test
    void theSameIdOfTwoSourcesInOneBatchIsSentOnce() throws Exception {
        List<String> ids = ids(53_000_000, 50);
        context.getRouteController().stopRoute("intake-file");
        try {
            workspace.drop("together-a.txt", lines(ids));
            workspace.drop("together-b.txt", lines(ids));
        } finally {
            // the first look after the start finds both: their IDs fill one batch together
            context.getRouteController().startRoute("intake-file");
        }
        workspace.awaitReport("together-a.txt", Duration.ofSeconds(60));
        workspace.awaitReport("together-b.txt", Duration.ofSeconds(60));
        for (Map.Entry<String, String> endpoint : PATHS.entrySet()) {
            assertThat(idsCalled(endpoint.getValue())).as(endpoint.getKey()).containsExactlyInAnyOrderElementsOf(ids);
            Map<String, JsonNode> a = bySource(endpoint.getKey(), "together-a.txt");
            Map<String, JsonNode> b = bySource(endpoint.getKey(), "together-b.txt");
            assertThat(a).hasSize(50);
            assertThat(b).hasSize(50);
            ids.forEach(id -> assertSameAnswer(a.get(id), b.get(id)));
        }
    }

    @Test
    void anEstimateMatchesTheRealRunAndCallsNothing() throws IOException {
        // 200 IDs answered before; the input holds them first, then 300 new ones, 2 rejected values and duplicates
        List<String> known = ids(54_000_000, 200);
        workspace.drop("known.txt", lines(known));
        workspace.awaitReport("known.txt", Duration.ofSeconds(60));
        List<String> input = new ArrayList<>(known);
        input.addAll(ids(54_100_000, 300));
        input.add("not-a-patent");
        input.add("???");
        input.addAll(known.subList(0, 10));
        sandbox.stats().reset();
        int linesBefore = workspace.ledger("license").size();

        Path estimateDir = workspace.inbox().resolve("estimate");
        Files.createDirectories(estimateDir);
        Path staged = workspace.root().resolve("cost.txt.staged");
        Files.writeString(staged, lines(input));
        Files.move(staged, estimateDir.resolve("cost.txt"));
        Path estimateFile = workspace.outbox().resolve("estimates").resolve("cost.txt.json");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(estimateFile));
        JsonNode estimate = Workspace.readJson(estimateFile);

        assertThat(estimate.get("status").asText()).isEqualTo("estimated");
        assertThat(estimate.get("ids_read").asLong()).isEqualTo(512);
        assertThat(estimate.get("ids_unique").asLong()).isEqualTo(502);
        assertThat(estimate.get("rejected").asLong()).isEqualTo(2);
        assertThat(estimate.get("rejected_values")).hasSize(2);
        assertThat(estimate.get("calls").asLong()).isEqualTo(9);
        assertThat(estimate.get("worst_case_billed_results").asLong()).isEqualTo(900);
        for (String endpoint : PATHS.keySet()) {
            JsonNode e = estimate.at("/endpoints/" + endpoint);
            assertThat(e.get("ids").asLong()).isEqualTo(500);
            assertThat(e.get("reused").asLong()).isEqualTo(200);
            assertThat(e.get("to_call").asLong()).isEqualTo(300);
            assertThat(e.get("calls").asLong()).isEqualTo(3);
        }
        // nothing called, nothing written, the file went to .done
        await().atMost(Duration.ofSeconds(10))
                .until(() -> dir(estimateDir.resolve(".done")).size() == 1);
        assertThat(dir(estimateDir.resolve(".done")).get(0)).endsWith("-cost.txt");
        assertThat(sandbox.stats().totalCalls()).isZero();
        assertThat(workspace.ledger("license")).hasSize(linesBefore);
        assertThat(workspace.inboxFiles(".skipped")).isEmpty();
        assertThat(Files.exists(workspace.report("cost.txt"))).isFalse();

        // the real run does what the estimate said
        workspace.drop("cost.txt", lines(input));
        JsonNode report = workspace.awaitReport("cost.txt", Duration.ofSeconds(60));
        assertThat(sandbox.stats().totalCalls()).isEqualTo(estimate.get("calls").asLong());
        for (Map.Entry<String, String> endpoint : PATHS.entrySet()) {
            JsonNode e = estimate.at("/endpoints/" + endpoint.getKey());
            assertThat(sandbox.stats().calls(endpoint.getValue()))
                    .isEqualTo(e.get("calls").asLong());
            assertThat(idsCalled(endpoint.getValue())).hasSize(e.get("to_call").asInt());
            assertThat(report.at("/endpoints/" + endpoint.getKey() + "/reused").asLong())
                    .isEqualTo(e.get("reused").asLong());
        }
        assertThat(report.get("ids_unique").asLong())
                .isEqualTo(estimate.get("ids_unique").asLong());
    }

    /** Everything but what belongs to the source is the original's. */
    private static void assertSameAnswer(JsonNode was, JsonNode now) {
        Set<String> fields = new HashSet<>();
        was.fieldNames().forEachRemaining(fields::add);
        now.fieldNames().forEachRemaining(fields::add);
        fields.removeAll(PER_SOURCE);
        for (String field : fields) {
            assertThat(now.get(field)).as(field + " of " + was.get("query")).isEqualTo(was.get(field));
        }
    }

    private static Map<String, JsonNode> bySource(String endpoint, String source) {
        Map<String, JsonNode> lines = new HashMap<>();
        for (JsonNode line : workspace.ledger(endpoint)) {
            if (line.get("source").asText().equals(source)) {
                assertThat(lines.put(line.get("query").asText(), line))
                        .as("one line per ID")
                        .isNull();
            }
        }
        return lines;
    }

    private List<String> idsCalled(String path) {
        return sandbox.stats().calls().stream()
                .filter(c -> c.path().equals(path))
                .map(CallRecord::ids)
                .flatMap(List::stream)
                .toList();
    }

    private static JsonNode watchlistReport() {
        Path dir = workspace.outbox().resolve("reports");
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(dir)) {
            Iterator<Path> it = files.filter(f -> f.getFileName().toString().startsWith("watchlist_"))
                    .iterator();
            return it.hasNext() ? Workspace.readJson(it.next()) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> dir(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> ids(long first, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("US" + (first + i) + "B2");
        }
        return ids;
    }

    static String lines(List<String> ids) {
        return String.join("\n", ids) + "\n";
    }

    static byte[] bytes(List<String> ids) {
        return lines(ids).getBytes(StandardCharsets.UTF_8);
    }
}
