package dev.patsnapcamel.bench;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.awaitility.core.ConditionTimeoutException;

import dev.patsnapcamel.sandbox.CallRecord;
import dev.patsnapcamel.support.ClusterRig;

/**
 * The several-nodes benchmark (run it with {@code bench/cluster}): with {@link ClusterRig} (PostgreSQL,
 * Artemis and the sandbox in this JVM, each node a bundle JVM of its own), the same input on 1, 2 and 3
 * nodes at the same settings, then a run of 3 nodes with one killed ({@code kill -9}) mid-run and a
 * fourth started late, and (with {@code -Dpostgres-restart=true}) a run of 2 nodes whose PostgreSQL is
 * stopped for 6 s mid-run. Prints one line of figures per run: calls per second against the account's
 * limit, calls per node, the most calls in any second, 67200002 answers, (endpoint, ID) pairs asked more
 * than once, whether every (ID, endpoint) has exactly one ledger line, and for the kill the late node's
 * time to its first call. Not a test: the settings come from system properties (see the script).
 */
public final class ClusterBench {

    private final int qps = Integer.getInteger("qps", 20);
    private final long latency = Long.getLong("latency", 1000);
    private final int inputs = Integer.getInteger("inputs", 6);
    private final int perInput = Integer.getInteger("ids", 2000);
    private final boolean cluster = Boolean.parseBoolean(System.getProperty("cluster", "true"));
    private final long timeoutSeconds = Long.getLong("timeout", 300);
    private final Path work = Path.of(System.getProperty("work", "target/bench/cluster"));
    private final String nodeTimeout = System.getProperty("node-timeout", "10s");
    private final String batchConsumers = System.getProperty("batch-consumers", "12");

    private ClusterBench() {}

    public static void main(String[] args) throws Exception {
        Configurator.setRootLevel(Level.WARN);
        ClusterBench bench = new ClusterBench();
        boolean ok = true;
        System.out.printf(
                "settings: qps=%d latency=%dms ids=%d (%d inputs of %d) endpoints=%s cluster.enabled=%s"
                        + " cluster.node-timeout=%s%n",
                bench.qps,
                bench.latency,
                bench.inputs * bench.perInput,
                bench.inputs,
                bench.perInput,
                ClusterRig.ENDPOINTS,
                bench.cluster,
                bench.nodeTimeout);
        for (String n : System.getProperty("nodes", "1,2,3").split(",")) {
            if (!n.isBlank()) {
                ok &= bench.run(Integer.parseInt(n.trim()), false, false);
            }
        }
        if (Boolean.parseBoolean(System.getProperty("kill", "true"))) {
            ok &= bench.run(3, true, false);
        }
        if (Boolean.parseBoolean(System.getProperty("postgres-restart", "false"))) {
            ok &= bench.run(2, false, true);
        }
        System.exit(ok ? 0 : 1);
    }

    /** One run; prints its line; false when it did not complete or lost or doubled a line. */
    private boolean run(int nodes, boolean kill, boolean restartPostgres) throws Exception {
        try {
            return runOnce(nodes, kill, restartPostgres);
        } catch (AssertionError | ConditionTimeoutException e) {
            // a node that did not come up, or a run that never got to its kill or restart: say so, go on
            System.out.printf(
                    "%d nodes%s%s: FAILED %s%n",
                    nodes,
                    kill ? ", kill" : "",
                    restartPostgres ? ", PostgreSQL restart" : "",
                    e.getMessage() == null
                            ? e
                            : e.getMessage().lines().findFirst().orElse(""));
            return false;
        }
    }

    private boolean runOnce(int nodes, boolean kill, boolean restartPostgres) throws Exception {
        String name = nodes + "-nodes" + (kill ? "-kill" : "") + (restartPostgres ? "-postgres-restart" : "");
        try (ClusterRig rig = new ClusterRig(work.resolve(name), qps, latency, cluster)
                .nodeOption("-Dcluster.heartbeat-interval=2s")
                .nodeOption("-Dcluster.node-timeout=" + nodeTimeout)
                .nodeOption("-Dcluster.batch-consumers=" + batchConsumers)
                .start()) {
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= nodes; i++) {
                rig.startNode("node-" + i);
                ids.add("node-" + i);
            }
            rig.awaitUp(Duration.ofSeconds(180), ids.toArray(String[]::new));
            List<String> names = rig.dropInputs(inputs, perInput);
            long droppedAt = System.currentTimeMillis();
            long lines = (long) inputs * perInput * ClusterRig.ENDPOINTS.size();
            Map<String, String> extra = new LinkedHashMap<>();

            if (kill) {
                await().atMost(Duration.ofSeconds(timeoutSeconds))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> rig.ledgerLineCount() >= lines * 3 / 10);
                Map<String, Long> perNode = ClusterRig.callsPerNode(rig.calls());
                String victim = ids.stream()
                        .max(java.util.Comparator.comparingLong(n -> perNode.getOrDefault(n, 0L)))
                        .orElseThrow();
                long killedAt = rig.kill(victim);
                String late = "node-" + (nodes + 1);
                ClusterRig.Node lateNode = rig.startNode(late);
                rig.awaitUp(Duration.ofSeconds(180), late);
                extra.put("killed", victim + " at " + (killedAt - droppedAt) + " ms");
                extra.put("late", late);
                extra.put("lateStarted", String.valueOf(lateNode.startedAt()));
                extra.put("lateUp", String.valueOf(lateNode.upAt()));
            }
            long upAt = 0;
            long downFrom = 0;
            long restartingAt = 0;
            if (restartPostgres) {
                await().atMost(Duration.ofSeconds(timeoutSeconds))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> rig.calls().size() >= 60);
                rig.stopPostgres();
                downFrom = System.currentTimeMillis();
                long until = downFrom + 6000;
                await().atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> System.currentTimeMillis() >= until);
                restartingAt = System.currentTimeMillis();
                rig.startPostgres();
                upAt = System.currentTimeMillis();
            }

            boolean complete = true;
            try {
                await().atMost(Duration.ofSeconds(timeoutSeconds))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> rig.reports().keySet().containsAll(names));
            } catch (ConditionTimeoutException e) {
                complete = false;
            }
            long doneAt = System.currentTimeMillis();
            rig.stopNodes();

            List<CallRecord> calls = rig.calls();
            Map<String, List<String>> idsBySource = new LinkedHashMap<>();
            for (int k = 0; k < names.size(); k++) {
                idsBySource.put(names.get(k), ClusterRig.ids(k, perInput));
            }
            Map<String, Map<String, Long>> wrong = ClusterRig.notExactlyOnce(rig.ledgerLines(), idsBySource);
            long wrongPairs = wrong.values().stream().mapToLong(Map::size).sum();
            Map<String, Long> failed = ClusterRig.failedAnswers(calls);
            StringBuilder line = new StringBuilder(String.format(
                    "%-24s nodes=%d complete=%s seconds=%.1f calls=%d ratio_to_limit=%.2f calls_per_node=%s"
                            + " max_calls_in_any_second=%d (sandbox: %d) too_fast_67200002=%d other_failures=%s"
                            + " pairs_asked_twice=%d ledger_pairs_not_exactly_once=%d",
                    name,
                    nodes,
                    complete,
                    (doneAt - droppedAt) / 1000.0,
                    calls.size(),
                    ClusterRig.ratioToLimit(calls, qps),
                    ClusterRig.callsPerNode(calls),
                    ClusterRig.maxArrivalsInAnySecond(calls),
                    rig.sandbox().stats().maxCallsInAnySecond(),
                    rig.sandbox().stats().rateLimited(),
                    failed.entrySet().stream()
                            .filter(e -> !e.getKey().equals(String.valueOf(ClusterRig.TOO_FAST)))
                            .toList(),
                    ClusterRig.askedMoreThanOnce(calls).size(),
                    wrongPairs));
            if (kill) {
                String late = extra.get("late");
                long first = ClusterRig.firstCallOf(calls, late);
                line.append(" killed=").append(extra.get("killed"));
                line.append(" late_node_first_call_after_start_ms=")
                        .append(first == 0 ? "none" : String.valueOf(first - Long.parseLong(extra.get("lateStarted"))));
                line.append(" after_up_ms=")
                        .append(first == 0 ? "none" : String.valueOf(first - Long.parseLong(extra.get("lateUp"))));
            }
            if (restartPostgres) {
                long fullFrom = ClusterRig.fullRateFrom(calls, upAt, 3000, 0.8, qps);
                line.append(" calls_while_postgres_down=")
                        .append(ClusterRig.between(calls, downFrom + 200, restartingAt)
                                .size());
                line.append(" postgres_down_ms=").append(upAt - downFrom);
                line.append(" full_rate_after_return_ms=")
                        .append(fullFrom == 0 ? "never" : String.valueOf(fullFrom - upAt));
            }
            System.out.println(line);
            return complete && wrongPairs == 0;
        }
    }
}
