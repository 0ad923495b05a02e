package dev.patsnapcamel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.patsnapcamel.state.StateStore;
import dev.patsnapcamel.support.LogCapture;

/**
 * One rate for the account across the nodes of a cluster, on a real PostgreSQL: several independent nodes
 * (each its own pool, rate, bucket and call spacing, as each bundle JVM has) take the tokens of one bucket.
 */
class SharedRateTest {

    static final int QPS = 20;
    static final Duration WINDOW = Duration.ofMillis(1040);

    static EmbeddedPostgres postgres;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.start();
        new StateStore(postgres.getPostgresDatabase()).migrate();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @AfterEach
    void closeNodes() throws Exception {
        Collections.reverse(closing);
        for (AutoCloseable c : closing) {
            c.close();
        }
        try (var c = postgres.getPostgresDatabase().getConnection();
                var s = c.createStatement()) {
            s.executeUpdate("DELETE FROM patsnap_rate_bucket");
            s.executeUpdate(
                    "UPDATE patsnap_rate SET qps = 0, slow_until = 0, last_halving = 0, version = 0 WHERE id = 1");
        }
    }

    @Test
    void threeNodesTogetherKeepTheAccountsRateAndUseIt() throws Exception {
        List<Node> nodes = List.of(node(url(postgres)), node(url(postgres)), node(url(postgres)));
        List<CallSpacing> spacings = new ArrayList<>();
        for (Node node : nodes) {
            CallSpacing spacing = new CallSpacing(node.governor, QPS, WINDOW, () -> false);
            spacing.share(node.rate);
            spacings.add(spacing);
            // warm: the first calls' code is cold (class loading, the bucket's first rows)
            spacing.await();
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        List<Long> left = Collections.synchronizedList(new ArrayList<>());
        List<Long> allotted = Collections.synchronizedList(new ArrayList<>());
        ConcurrentHashMap<Integer, Integer> perNode = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            int index = n;
            CallSpacing spacing = spacings.get(n);
            for (int t = 0; t < 2; t++) {
                running.add(CompletableFuture.runAsync(
                        () -> {
                            while (true) {
                                try {
                                    spacing.await();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    return;
                                }
                                long at = System.nanoTime();
                                if (at >= end) {
                                    return;
                                }
                                left.add(at);
                                allotted.add(nodes.get(index).rate.moment());
                                perNode.merge(index, 1, Integer::sum);
                            }
                        },
                        threads));
            }
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        threads.shutdownNow();

        List<Long> times = sorted(left);
        long second = TimeUnit.MILLISECONDS.toNanos(1000);
        // as the bucket allotted the tokens to the three nodes, and as the calls really left
        assertThat(mostWithin(sorted(allotted), second)).isLessThanOrEqualTo(QPS);
        assertThat(mostWithin(times, second)).isLessThanOrEqualTo(QPS);
        // the limit over the run: one call every window / qps from the first on
        double limit = 1 + (double) (times.get(times.size() - 1) - times.get(0)) / (WINDOW.toNanos() / QPS);
        assertThat(times.size()).isGreaterThanOrEqualTo((int) (0.9 * limit));
        assertThat(perNode).hasSize(3);
    }

    static List<Long> sorted(List<Long> moments) {
        List<Long> sorted = new ArrayList<>(moments);
        Collections.sort(sorted);
        return sorted;
    }

    @Test
    void noTokenWhileTheDatabaseIsDownAndTheFullRateSoonAfterItIsBack() throws Exception {
        Path data = Files.createTempDirectory("patsnap-rate-pg");
        int port = freePort();
        EmbeddedPostgres own = start(data, port);
        new StateStore(own.getPostgresDatabase()).migrate();
        Node node = node(url(own));
        AtomicBoolean stop = new AtomicBoolean();
        assertThat(node.rate.await(stop::get)).isTrue();
        LogCapture log = LogCapture.attach();
        closing.add(log);

        own.close();
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return node.rate.await(stop::get);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return false;
                        }
                    },
                    caller);
            // fails closed: the caller keeps waiting while the database is down
            await().atMost(Duration.ofSeconds(15)).until(node.rate::failing);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());
            assertThat(node.rate.failures()).isPositive();

            EmbeddedPostgres back = start(data, port);
            try {
                assertThat(waiting.get(15, TimeUnit.SECONDS)).isTrue();
                assertThat(node.rate.failing()).isFalse();
                // and the full rate at once: 20 more tokens, one every 52 ms, well within 3 s
                long from = System.nanoTime();
                for (int i = 0; i < QPS; i++) {
                    assertThat(node.rate.await(stop::get)).isTrue();
                }
                assertThat(Duration.ofNanos(System.nanoTime() - from)).isLessThan(Duration.ofSeconds(3));
                // many failed attempts, one warning, one line when back
                List<LogCapture.Line> said = log.lines().stream()
                        .filter(l -> l.logger().equals(SharedRate.class.getName()))
                        .toList();
                assertThat(node.rate.failures()).isGreaterThan(2);
                assertThat(said).extracting(LogCapture.Line::level).containsExactly(Level.WARN, Level.INFO);
                assertThat(said.get(0).message()).contains("cannot be reached");
                assertThat(said.get(1).message()).contains("answers again");
            } finally {
                node.close();
                back.close();
            }
        } finally {
            stop.set(true);
            caller.shutdownNow();
        }
    }

    @Test
    void oneNodesTooFastSlowsTheOtherAndTheBucketUntilTheCoolDownEnds() throws Exception {
        Node first = node(url(postgres), Duration.ofSeconds(3));
        Node second = node(url(postgres), Duration.ofSeconds(3));
        assertThat(second.governor.qps()).isEqualTo(QPS);

        first.governor.tooFast();
        first.governor.tooFast(); // the same episode: one halving
        assertThat(first.governor.qps()).isEqualTo(QPS / 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> second.governor.qps() == QPS / 2);
        assertThat(first.state.rate().version()).isEqualTo(1);

        // the bucket follows: the second node's tokens now come 104 ms apart
        AtomicBoolean stop = new AtomicBoolean();
        second.rate.await(stop::get);
        long from = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            second.rate.await(stop::get);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - from)).isGreaterThanOrEqualTo(Duration.ofMillis(480));

        // after the cool-down, both back to the configured rate
        await().atMost(Duration.ofSeconds(10)).until(() -> first.governor.qps() == QPS && second.governor.qps() == QPS);
    }

    @Test
    void halvingsOneSecondApartHalveAgain() throws Exception {
        Node node = node(url(postgres));
        Node other = node(url(postgres));
        other.governor.tooFast();
        await().atMost(Duration.ofSeconds(5)).until(() -> node.governor.qps() == 10);
        // an answer within the second of the last halving (however slow this machine) halves nothing more
        lastHalving(+60_000);
        other.state.tooFast();
        assertThat(other.state.qps()).isEqualTo(10);
        lastHalving(-120_000);
        other.state.tooFast();
        assertThat(other.state.qps()).isEqualTo(5);
        await().atMost(Duration.ofSeconds(5)).until(() -> node.governor.qps() == 5);
    }

    /** Moves the last halving by this many ms. */
    static void lastHalving(long byMillis) throws Exception {
        try (var c = postgres.getPostgresDatabase().getConnection();
                var s = c.prepareStatement("UPDATE patsnap_rate SET last_halving = last_halving + ? WHERE id = 1")) {
            s.setLong(1, byMillis);
            s.executeUpdate();
        }
    }

    /** The most grants within any span of the length given. */
    static int mostWithin(List<Long> sorted, long span) {
        int most = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (sorted.get(to) - sorted.get(from) >= span) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }

    Node node(String url) {
        return node(url, Duration.ofSeconds(60));
    }

    Node node(String url, Duration coolDown) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(1000);
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("connectTimeout", "2");
        config.addDataSourceProperty("socketTimeout", "5");
        HikariDataSource pool = new HikariDataSource(config);
        SharedRateState state = new SharedRateState(pool, QPS, coolDown);
        SharedRate rate = new SharedRate(pool, state, WINDOW);
        rate.start();
        RateGovernor governor = new RateGovernor(QPS, coolDown, Clock.systemUTC());
        governor.share(state, rate::inBackground);
        Node node = new Node(pool, rate, governor, state);
        closing.add(node);
        return node;
    }

    record Node(HikariDataSource pool, SharedRate rate, RateGovernor governor, SharedRateState state)
            implements AutoCloseable {
        @Override
        public void close() {
            rate.close();
            pool.close();
        }
    }

    static String url(EmbeddedPostgres pg) {
        return pg.getJdbcUrl("postgres", "postgres");
    }

    static EmbeddedPostgres start(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
