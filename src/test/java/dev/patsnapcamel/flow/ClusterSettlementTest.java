package dev.patsnapcamel.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.model.SourceReport;
import dev.patsnapcamel.model.Status;
import dev.patsnapcamel.ops.Json;
import dev.patsnapcamel.ops.PatsnapMetrics;
import dev.patsnapcamel.state.SharedCompletion;
import dev.patsnapcamel.state.SourceRecords;
import dev.patsnapcamel.state.StateStore;

/**
 * Cluster mode on a real PostgreSQL: two "nodes" (two ledger writers and source trackers with their own node
 * ids) on one state database and one outbox folder. Settled exactly once by the database, each node's file
 * holding exactly its own rows, uncommitted lines cut back, one report per source.
 */
class ClusterSettlementTest {

    static final ObjectMapper JSON = Json.mapper();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
    static final List<String> ENDPOINTS = List.of("license", "litigation");
    static final AtomicInteger DATABASES = new AtomicInteger();
    static EmbeddedPostgres postgres;

    @TempDir
    Path outbox;

    HikariDataSource dataSource;
    StateStore store;
    SourceRecords records;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void freshDatabase() throws SQLException {
        String name = "cluster_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(postgres.getJdbcUrl("postgres", name));
        pool.setMaximumPoolSize(12);
        dataSource = new HikariDataSource(pool);
        store = new StateStore(dataSource);
        store.migrate();
        records = new SourceRecords(store);
    }

    @AfterEach
    void closePool() {
        dataSource.close();
    }

    @Test
    void twoNodesSettlingOverlappingBatchesWriteEachLineOnceEachInItsOwnFile() throws Exception {
        open("s1", 150);
        open("s2", 150);
        List<LedgerEntry> all = new ArrayList<>();
        for (String source : List.of("s1", "s2")) {
            for (String endpoint : ENDPOINTS) {
                all.addAll(entries(source, endpoint, 0, 150));
            }
        }
        LedgerWriter a = writer("node-A");
        LedgerWriter b = writer("node-B");
        Map<String, Collection<LedgerEntry>> writtenBy = Map.of(
                "node-A", new ConcurrentLinkedQueue<>(),
                "node-B", new ConcurrentLinkedQueue<>());

        ExecutorService threads = Executors.newFixedThreadPool(6);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            String node = t % 2 == 0 ? "node-A" : "node-B";
            LedgerWriter writer = node.equals("node-A") ? a : b;
            List<LedgerEntry> mine = new ArrayList<>(all);
            Collections.shuffle(mine, new Random(t));
            runs.add(threads.submit(() -> {
                go.await(30, TimeUnit.SECONDS);
                for (int from = 0; from < mine.size(); from += 40) {
                    writtenBy.get(node).addAll(writer.append(mine.subList(from, Math.min(mine.size(), from + 40))));
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> run : runs) {
            run.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();

        // exactly once across the nodes' files, and every triple has its line
        Map<String, List<JsonNode>> files = ledgerFiles();
        assertThat(files.keySet())
                .containsExactlyInAnyOrder(
                        "license/ledger-2026-12-03-node-A.jsonl",
                        "license/ledger-2026-12-03-node-B.jsonl",
                        "litigation/ledger-2026-12-03-node-A.jsonl",
                        "litigation/ledger-2026-12-03-node-B.jsonl");
        List<String> lines = files.values().stream()
                .flatMap(List::stream)
                .map(ClusterSettlementTest::triple)
                .toList();
        assertThat(lines).hasSize(600).doesNotHaveDuplicates();
        assertThat(Set.copyOf(lines))
                .isEqualTo(all.stream().map(ClusterSettlementTest::triple).collect(Collectors.toSet()));
        // each node's file holds exactly the rows that node inserted (and both nodes took part)
        for (String node : List.of("node-A", "node-B")) {
            List<String> inFiles = files.entrySet().stream()
                    .filter(f -> f.getKey().endsWith("-" + node + ".jsonl"))
                    .flatMap(f -> f.getValue().stream())
                    .map(ClusterSettlementTest::triple)
                    .toList();
            List<String> written = writtenBy.get(node).stream()
                    .map(ClusterSettlementTest::triple)
                    .toList();
            assertThat(written).isNotEmpty().doesNotHaveDuplicates();
            assertThat(inFiles).containsExactlyInAnyOrderElementsOf(written);
        }
        // the checkpoints are at the files' ends, the sources' counters at their lines, the rows all there
        for (String file : files.keySet()) {
            assertThat(checkpoint(outbox.resolve(file))).isEqualTo(Files.size(outbox.resolve(file)));
        }
        assertThat(count("SELECT settled_lines FROM patsnap_source WHERE source_key = 's1'"))
                .isEqualTo(300);
        assertThat(count("SELECT COUNT(*) FROM patsnap_settled")).isEqualTo(600);
    }

    @Test
    void linesPastTheCheckpointAreCutBackAtTheNodesStartAndByTakeOverAndSettledAgainOnce() throws Exception {
        open("s1", 40);
        Path fileOfA = outbox.resolve("license/ledger-2026-12-03-node-A.jsonl");
        LedgerWriter a = writer("node-A");
        assertThat(a.append(entries("s1", "license", 0, 10))).hasSize(10);
        long committed = Files.size(fileOfA);

        // the crash: lines written, the transaction never committed (and half a line)
        List<LedgerEntry> lost = entries("s1", "license", 10, 15);
        appendWithoutCommit(fileOfA, lost);
        Files.writeString(fileOfA, "{\"source_id\":\"s1\",\"qu", StandardOpenOption.APPEND);
        assertThat(Files.size(fileOfA)).isGreaterThan(committed);

        LedgerWriter restartedA = writer("node-A");
        restartedA.recover();
        assertThat(Files.size(fileOfA)).isEqualTo(committed);
        assertThat(queries(fileOfA)).hasSize(10).doesNotContainAnyElementsOf(queries(lost));

        // the cut IDs are not settled: the other node settles them, once
        LedgerWriter b = writer("node-B");
        assertThat(b.append(lost)).hasSize(5);
        assertThat(restartedA.append(lost)).isEmpty();

        // node A settles more (not handed on yet), crashes again mid-write, and is gone: B takes over
        List<LedgerEntry> notHandedOn = entries("s1", "license", 15, 20);
        assertThat(restartedA.append(notHandedOn)).hasSize(5);
        long committedAgain = Files.size(fileOfA);
        List<LedgerEntry> lostAgain = entries("s1", "license", 20, 23);
        appendWithoutCommit(fileOfA, lostAgain);

        LedgerWriter.Takeover takeover = b.takeOver("node-A");
        assertThat(takeover.node()).isEqualTo("node-A");
        assertThat(Files.size(fileOfA)).isEqualTo(committedAgain);
        // what node A settled and never handed on (both its runs), none of node B's own lines
        assertThat(takeover.deliveries().stream()
                        .flatMap(d -> d.lines().stream())
                        .map(LedgerEntry::query)
                        .toList())
                .containsExactlyInAnyOrderElementsOf(
                        queries(Stream.concat(entries("s1", "license", 0, 10).stream(), notHandedOn.stream())
                                .toList()));
        assertThat(b.append(lostAgain)).hasSize(3);
        assertThat(restartedA.append(lostAgain)).isEmpty();

        List<String> everyLine = ledgerFiles().values().stream()
                .flatMap(List::stream)
                .map(ClusterSettlementTest::triple)
                .toList();
        assertThat(everyLine).hasSize(23).doesNotHaveDuplicates();
        assertThat(count("SELECT settled_lines FROM patsnap_source WHERE source_key = 's1'"))
                .isEqualTo(23);
    }

    @Test
    void twoNodesCompletingOneSourceWriteOneReport() throws Exception {
        open("s1", 120);
        SourceTracker readingA = tracker("node-A");
        SourceTracker b = tracker("node-B");
        assertThat(readingA.readComplete("s1", 125)).isNull();
        LedgerWriter writerA = writer("node-A");
        LedgerWriter writerB = writer("node-B");

        List<LedgerEntry> all = new ArrayList<>();
        for (String endpoint : ENDPOINTS) {
            all.addAll(entries("s1", endpoint, 0, 120));
        }
        ConcurrentLinkedQueue<String> reports = new ConcurrentLinkedQueue<>();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String node = t % 2 == 0 ? "node-A" : "node-B";
            LedgerWriter writer = t % 2 == 0 ? writerA : writerB;
            SourceTracker tracker = t % 2 == 0 ? readingA : b;
            List<LedgerEntry> mine = new ArrayList<>(all);
            Collections.shuffle(mine, new Random(t));
            runs.add(threads.submit(() -> {
                go.await(30, TimeUnit.SECONDS);
                for (int from = 0; from < mine.size(); from += 15) {
                    // what route ledger-settle does
                    List<LedgerEntry> written = writer.append(mine.subList(from, Math.min(mine.size(), from + 15)));
                    tracker.handingOn(written);
                    for (SourceReport report : tracker.settled(written)) {
                        reports.add(node + ":" + report.sourceKey() + ":" + report.idsUnique());
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> run : runs) {
            run.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();

        assertThat(reports).hasSize(1);
        assertThat(reports.peek()).endsWith(":s1:120");
        // nobody else reports it: not the reading node's recovery, nor a node checking after a restart
        assertThat(readingA.recover()).isEmpty();
        assertThat(b.recover()).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM patsnap_source WHERE reported_by IS NOT NULL"))
                .isEqualTo(1);
    }

    @Test
    void aSourceIsNotReportedWhileAnotherNodeHandsItsLinesOn() throws Exception {
        open("s1", 20);
        SourceTracker a = tracker("node-A");
        SourceTracker b = tracker("node-B");
        a.readComplete("s1", 20);
        List<LedgerEntry> first = writer("node-A").append(entries("s1", "license", 0, 10));
        first = new ArrayList<>(first);
        first.addAll(writer("node-A").append(entries("s1", "litigation", 0, 20)));
        a.handingOn(first);
        // node B settles the last lines and is handing them on while node A finishes its hand-on
        List<LedgerEntry> last = writer("node-B").append(entries("s1", "license", 10, 20));
        b.handingOn(last);

        assertThat(a.settled(first)).isEmpty();
        assertThat(a.recover()).isEmpty();
        List<SourceReport> report = b.settled(last);
        assertThat(report)
                .singleElement()
                .satisfies(r -> assertThat(r.idsUnique()).isEqualTo(20));
        assertThat(a.recover()).isEmpty();
    }

    @Test
    void theReportClaimedByANodeThatIsGoneIsWrittenByTheNodeTakingOver() throws Exception {
        open("s1", 10);
        open("s2", 10);
        SourceTracker a = tracker("node-A");
        a.readComplete("s1", 10);
        a.readComplete("s2", 10);
        LedgerWriter writerA = writer("node-A");
        List<LedgerEntry> s1 = new ArrayList<>(writerA.append(entries("s1", "license", 0, 10)));
        s1.addAll(writerA.append(entries("s1", "litigation", 0, 10)));
        a.handingOn(s1);
        // node A claims s1's report, then dies before writing it
        assertThat(a.settled(s1))
                .singleElement()
                .satisfies(r -> assertThat(r.sourceKey()).isEqualTo("s1"));
        // and it settled all of s2 but died while handing the lines on
        List<LedgerEntry> s2 = new ArrayList<>(writerA.append(entries("s2", "license", 0, 10)));
        s2.addAll(writerA.append(entries("s2", "litigation", 0, 10)));
        a.handingOn(s2);

        SourceTracker b = tracker("node-B");
        assertThat(b.recover()).isEmpty();
        LedgerWriter.Takeover takeover = writer("node-B").takeOver("node-A");
        assertThat(takeover.deliveries()).isNotEmpty();
        List<SourceReport> due = b.takeOver("node-A");
        assertThat(due).extracting(SourceReport::sourceKey).containsExactlyInAnyOrder("s1", "s2");
        due.forEach(b::reported);
        assertThat(count("SELECT COUNT(*) FROM patsnap_source WHERE completed AND reported_by = 'node-B'"))
                .isEqualTo(2);
        assertThat(b.takeOver("node-A")).isEmpty();
    }

    @Test
    void exactlyOneOfManyNodesClaimsACompleteSourcesReport() throws Exception {
        open("s1", 5);
        tracker("node-A").readComplete("s1", 5);
        LedgerWriter writer = writer("node-A");
        List<LedgerEntry> lines = new ArrayList<>(writer.append(entries("s1", "license", 0, 5)));
        lines.addAll(writer.append(entries("s1", "litigation", 0, 5)));
        new SharedCompletion(store, "node-A").handedOn(lines);

        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> claims = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            SharedCompletion node = new SharedCompletion(store, "node-" + n);
            claims.add(threads.submit(() -> {
                go.await(30, TimeUnit.SECONDS);
                return node.claimIfComplete("s1");
            }));
        }
        go.countDown();
        int won = 0;
        for (Future<Boolean> claim : claims) {
            won += claim.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        threads.shutdown();
        assertThat(won).isEqualTo(1);
    }

    @Test
    void routeLedgerTakeoverHandsTheGoneNodesLinesOnThenWritesTheReportsDue() throws Exception {
        open("s1", 10);
        open("s2", 10);
        SourceTracker a = tracker("node-A");
        a.readComplete("s1", 10);
        a.readComplete("s2", 10);
        LedgerWriter writerA = writer("node-A");
        List<LedgerEntry> s1 = new ArrayList<>(writerA.append(entries("s1", "license", 0, 10)));
        s1.addAll(writerA.append(entries("s1", "litigation", 0, 10)));
        a.handingOn(s1);
        assertThat(a.settled(s1)).hasSize(1); // claimed, never written: node A dies
        List<LedgerEntry> s2 = new ArrayList<>(writerA.append(entries("s2", "license", 0, 10)));
        s2.addAll(writerA.append(entries("s2", "litigation", 0, 10)));
        a.handingOn(s2);
        Path fileOfA = outbox.resolve("license/ledger-2026-12-03-node-A.jsonl");
        long committed = Files.size(fileOfA);
        appendWithoutCommit(fileOfA, entries("s2", "license", 0, 3));
        // node B's own line, never handed on (B is alive: not the take-over's business)
        LedgerWriter writerB = writer("node-B");
        open("s3", 1);
        writerB.append(entries("s3", "license", 0, 1));

        Collector published = new Collector();
        Collector reported = new Collector();
        SourceTracker b = tracker("node-B");
        try (CamelContext camel = new DefaultCamelContext()) {
            Properties props = new Properties();
            props.setProperty("cluster.enabled", "true");
            camel.getPropertiesComponent().setInitialProperties(props);
            camel.getRegistry().bind("ledgerWriter", writerB);
            camel.getRegistry().bind("ledgerOutbox", writerB.outbox());
            camel.getRegistry().bind("sourceTracker", b);
            camel.getRegistry().bind("published", published);
            camel.getRegistry().bind("reported", reported);
            PluginHelper.getRoutesLoader(camel)
                    .loadRoutes(
                            ResourceHelper.fromString(
                                    "ledger-takeover.camel.yaml",
                                    Files.readString(Path.of("routes/ledger/ledger-takeover.camel.yaml"))),
                            ResourceHelper.fromString("stubs.camel.yaml", STUBS));
            camel.start();
            camel.createProducerTemplate().sendBody("direct:ledger-takeover", "node-A");
        }

        assertThat(Files.size(fileOfA)).isEqualTo(committed);
        assertThat(published.bodies.stream()
                        .flatMap(lines -> ((List<?>) lines).stream())
                        .map(l -> triple((LedgerEntry) l))
                        .toList())
                .hasSize(40)
                .containsExactlyInAnyOrderElementsOf(Stream.concat(s1.stream(), s2.stream())
                        .map(ClusterSettlementTest::triple)
                        .toList());
        assertThat(reported.bodies)
                .extracting(r -> ((SourceReport) r).sourceKey())
                .containsExactlyInAnyOrder("s1", "s2");
        // node A's outbox entries are delivered and gone; node B's own entry stays for B
        assertThat(count("SELECT COUNT(*) FROM patsnap_outbox WHERE ledger_file LIKE '%node-A.jsonl'"))
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM patsnap_outbox WHERE ledger_file LIKE '%node-B.jsonl'"))
                .isEqualTo(1);
    }

    /** Stands for a route the take-over hands to: keeps the bodies. */
    public static final class Collector {
        final List<Object> bodies = new CopyOnWriteArrayList<>();

        public void add(Object body) {
            bodies.add(body);
        }
    }

    static final String STUBS = """
            - route:
                id: results-publish
                from:
                  uri: direct:results-publish
                  steps:
                    - bean:
                        ref: published
                        method: add
            - route:
                id: report-write
                from:
                  uri: direct:report-write
                  steps:
                    - bean:
                        ref: reported
                        method: add
            """;

    private LedgerWriter writer(String node) {
        return new LedgerWriter(outbox, store, new PatsnapMetrics(new SimpleMeterRegistry()), CLOCK, false, JSON, node);
    }

    private SourceTracker tracker(String node) {
        return new SourceTracker(ENDPOINTS, records, CLOCK, false, new SharedCompletion(store, node));
    }

    /** A source with {@code ids} IDs handed on by its intake. */
    private void open(String key, int ids) throws SQLException {
        records.insert(new SourceRecords.Source(
                key, key + ".txt", key + "-fingerprint", ENDPOINTS, "2026-12-03T09:00:00Z", null, false, "file"));
        try (Connection c = dataSource.getConnection();
                var intake = c.prepareStatement("INSERT INTO patsnap_intake (source_key, query_key) VALUES (?, ?)")) {
            for (int i = 0; i < ids; i++) {
                intake.setString(1, key);
                intake.setString(2, query(i));
                intake.addBatch();
            }
            intake.executeBatch();
        }
    }

    private static List<LedgerEntry> entries(String source, String endpoint, int from, int to) {
        List<LedgerEntry> entries = new ArrayList<>();
        for (int i = from; i < to; i++) {
            entries.add(LedgerEntry.unanswered(
                    source, source + ".txt", endpoint, query(i), Status.FAILED, "X", "test", CLOCK.instant()));
        }
        return entries;
    }

    private static String query(int i) {
        return "US" + (10_000_000 + i) + "B2";
    }

    private static void appendWithoutCommit(Path file, List<LedgerEntry> entries) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (LedgerEntry e : entries) {
            lines.append(JSON.writeValueAsString(e)).append('\n');
        }
        Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** Every ledger file under the outbox (relative name) with its lines. */
    private Map<String, List<JsonNode>> ledgerFiles() throws IOException {
        try (Stream<Path> files = Files.walk(outbox, 2)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsonl"))
                    .collect(Collectors.toMap(
                            f -> outbox.relativize(f).toString().replace('\\', '/'), ClusterSettlementTest::lines));
        }
    }

    private static List<JsonNode> lines(Path file) {
        try {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                lines.add(JSON.readTree(line));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> queries(Path file) {
        return lines(file).stream().map(l -> l.get("query").asText()).toList();
    }

    private static List<String> queries(List<LedgerEntry> entries) {
        return entries.stream().map(LedgerEntry::query).toList();
    }

    private static String triple(JsonNode line) {
        return line.get("source_id").asText() + "|" + line.get("endpoint").asText() + "|"
                + line.get("query").asText();
    }

    private static String triple(LedgerEntry e) {
        return e.sourceKey() + "|" + e.endpoint() + "|" + e.query();
    }

    private long checkpoint(Path file) {
        return store.database()
                .jdbc()
                .queryForObject(
                        "SELECT position FROM patsnap_ledger_checkpoint WHERE ledger_file = ?",
                        Long.class,
                        file.toString());
    }

    private long count(String sql) {
        return store.database().jdbc().queryForObject(sql, Long.class);
    }
}
