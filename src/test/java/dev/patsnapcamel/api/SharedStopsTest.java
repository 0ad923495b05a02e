package dev.patsnapcamel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.patsnapcamel.ops.Alerts;
import dev.patsnapcamel.ops.Json;
import dev.patsnapcamel.state.StateStore;

/**
 * Two nodes' gates ({@link CallGate} on a {@link JdbcStopBoard}) on one real PostgreSQL: one node's stop stops
 * the other within about a second, one probe goes for both, its answer reopens or closes the gate for both,
 * and a database that goes away leaves closed gates closed.
 */
class SharedStopsTest {

    static final EmbeddedPostgres POSTGRES = start();
    static final Duration PROBE = Duration.ofSeconds(3);

    @TempDir
    Path outboxes;

    final List<ScheduledExecutorService> refreshers = new ArrayList<>();

    @BeforeEach
    void emptyBoard() throws SQLException {
        execute(POSTGRES.getPostgresDatabase(), "DELETE FROM patsnap_stop");
    }

    @AfterEach
    void stopRefreshers() {
        refreshers.forEach(ScheduledExecutorService::shutdownNow);
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        POSTGRES.close();
    }

    @Test
    void anAccountStopOnOneNodeStopsTheOtherWithinASecond() throws Exception {
        CallGate a = node("node-a", POSTGRES.getPostgresDatabase(), PROBE);
        CallGate b = node("node-b", POSTGRES.getPostgresDatabase(), PROBE);
        assertThatCode(() -> b.admit("customs")).doesNotThrowAnyException();

        a.refused(Treatment.STOP_ACCOUNT, "license", "67200001", "total limit");

        assertThatThrownBy(() -> a.admit("license")).isInstanceOf(PatsnapCallException.Suspending.class);
        await().atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThatThrownBy(() -> b.admit("customs"))
                        .isInstanceOf(PatsnapCallException.Suspending.class)
                        .hasMessageContaining("67200001")
                        .hasMessageContaining("total limit"));
        assertThat(b.accountClosure()).get().extracting(CallGate.Closure::code).isEqualTo("67200001");
        assertThat(text("SELECT closed_by || ' ' || treatment || ' ' || gate FROM patsnap_stop"))
                .isEqualTo("node-a STOP_ACCOUNT *");
        // the node that closed the gate raises the alert, naming itself; the other one only logs it
        assertThat(alerts("node-a")).singleElement().satisfies(alert -> {
            assertThat(alert.get("kind").asText()).isEqualTo("account-stopped");
            assertThat(alert.get("node").asText()).isEqualTo("node-a");
        });
        assertThat(alerts("node-b")).isEmpty();
    }

    @Test
    void oneNodeWinsTheProbeAndItsAnswerReopensTheGateForBoth() throws Exception {
        CallGate a = node("node-a", POSTGRES.getPostgresDatabase(), PROBE);
        CallGate b = node("node-b", POSTGRES.getPostgresDatabase(), PROBE);
        a.refused(Treatment.STOP_ACCOUNT, "license", "67200005", "Insufficient account balance");
        await().atMost(Duration.ofSeconds(3)).until(() -> b.accountClosure().isPresent());

        awaitProbeDue();
        int probes = probesSent(List.of(a, b), 4, Duration.ofMillis(1500));

        assertThat(probes).as("one probe for the cluster").isEqualTo(1);
        String winner = text("SELECT probe_by FROM patsnap_stop");
        assertThat(winner).isIn("node-a", "node-b");
        CallGate prober = winner.equals("node-a") ? a : b;
        CallGate other = prober == a ? b : a;

        // the probe's answer is a stop again: the gate stays closed for both, with a later probe
        Instant before = nextProbe();
        prober.refused(Treatment.STOP_ACCOUNT, "license", "67200005", "Insufficient account balance");
        assertThat(nextProbe()).as("the row updated for all").isAfter(before);
        assertThat(count("SELECT COUNT(*) FROM patsnap_stop WHERE closed_by = 'node-a'"))
                .isEqualTo(1);
        assertThatThrownBy(() -> other.admit("license")).isInstanceOf(PatsnapCallException.Suspending.class);
        awaitProbeDue();

        // the next probe answered: the gate opens for both
        assertThat(probesSent(List.of(a, b), 4, Duration.ofMillis(1500))).isEqualTo(1);
        CallGate second = text("SELECT probe_by FROM patsnap_stop").equals("node-a") ? a : b;
        CallGate third = second == a ? b : a;
        second.answered("license");
        assertThat(count("SELECT COUNT(*) FROM patsnap_stop")).isZero();
        assertThatCode(() -> second.admit("license")).doesNotThrowAnyException();
        await().atMost(Duration.ofSeconds(3))
                .untilAsserted(
                        () -> assertThatCode(() -> third.admit("customs")).doesNotThrowAnyException());
        assertThat(third.accountClosure()).isEmpty();

        String secondNode = second == a ? "node-a" : "node-b";
        assertThat(kinds("node-a")).startsWith("account-stopped");
        assertThat(kinds(secondNode)).endsWith("account-resumed");
        assertThat(Stream.concat(kinds("node-a").stream(), kinds("node-b").stream()))
                .as("one alert for the stop, one for the resumption, in the cluster")
                .containsExactlyInAnyOrder("account-stopped", "account-resumed");
    }

    @Test
    void anEndpointStopAndTheDailyPauseAreSharedToo() throws Exception {
        CallGate a = node("node-a", POSTGRES.getPostgresDatabase(), PROBE);
        CallGate b = node("node-b", POSTGRES.getPostgresDatabase(), PROBE);

        a.refused(Treatment.STOP_ENDPOINT, "litigation", "67200004", "no permission");

        await().atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThatThrownBy(() -> b.admit("litigation"))
                        .isInstanceOf(PatsnapCallException.Suspending.class)
                        .hasMessageContaining("endpoint litigation"));
        assertThatCode(() -> b.admit("license")).doesNotThrowAnyException();
        b.answered("license");
        assertThat(count("SELECT COUNT(*) FROM patsnap_stop WHERE gate = 'litigation'"))
                .as("an answer elsewhere does not reopen it")
                .isEqualTo(1);

        b.refused(Treatment.PAUSE_DAILY, "license", "67200007", "daily limit");

        await().atMost(Duration.ofSeconds(3)).until(() -> a.accountClosure().isPresent());
        CallGate.Closure onA = a.accountClosure().orElseThrow();
        CallGate.Closure onB = b.accountClosure().orElseThrow();
        assertThat(onA.treatment()).isEqualTo(Treatment.PAUSE_DAILY);
        assertThat(Duration.between(onB.nextProbe(), onA.nextProbe()).abs())
                .as("the next daily reset, the same for both")
                .isLessThan(Duration.ofSeconds(1));
        assertThat(onA.nextProbe()).isAfter(Instant.now().plus(PROBE));
        assertThatThrownBy(() -> a.admit("customs")).isInstanceOf(PatsnapCallException.Suspending.class);
        assertThat(kinds("node-a")).containsExactly("endpoint-stopped");
        assertThat(kinds("node-b")).containsExactly("daily-limit");
    }

    @Test
    void closedGatesStayClosedWhileTheDatabaseIsAway() throws Exception {
        EmbeddedPostgres own = start();
        try {
            Duration probe = Duration.ofSeconds(1);
            CallGate a = node("node-a", own.getPostgresDatabase(), probe);
            CallGate b = node("node-b", own.getPostgresDatabase(), probe);
            a.refused(Treatment.STOP_ACCOUNT, "license", "67200003", "account expired");
            await().atMost(Duration.ofSeconds(3)).until(() -> b.accountClosure().isPresent());

            own.close();

            // past several probe times: no node sends a probe it cannot take on the board, none reopens
            AtomicInteger admitted = new AtomicInteger();
            await().pollDelay(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        for (CallGate gate : List.of(a, b)) {
                            try {
                                gate.admit("license");
                                admitted.incrementAndGet();
                            } catch (PatsnapCallException.Suspending refused) {
                                // stays closed
                            }
                        }
                        return true;
                    });
            assertThat(admitted).hasValue(0);
            assertThat(a.accountClosure()).isPresent();
            assertThat(b.accountClosure()).isPresent();
        } finally {
            own.close();
        }
    }

    /** The number of calls admitted by the nodes' threads, all starting at once and trying for a while. */
    private static int probesSent(List<CallGate> nodes, int threadsPerNode, Duration trying) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(nodes.size() * threadsPerNode);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(nodes.size() * threadsPerNode);
        for (CallGate node : nodes) {
            for (int i = 0; i < threadsPerNode; i++) {
                threads.execute(() -> {
                    try {
                        start.await();
                        long end = System.nanoTime() + trying.toNanos();
                        while (System.nanoTime() < end) {
                            try {
                                node.admit("license");
                                admitted.incrementAndGet();
                            } catch (PatsnapCallException.Suspending refused) {
                                // not this one
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.countDown();
                    }
                });
            }
        }
        start.countDown();
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        threads.shutdownNow();
        return admitted.get();
    }

    /** The next probe's time on the board. */
    private static Instant nextProbe() throws SQLException {
        return Instant.ofEpochMilli(
                count("SELECT CAST(EXTRACT(EPOCH FROM next_probe) * 1000 AS BIGINT) FROM patsnap_stop"));
    }

    private static void awaitProbeDue() {
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> count("SELECT COUNT(*) FROM patsnap_stop WHERE next_probe <= CURRENT_TIMESTAMP") == 1);
    }

    /** A node's gate on the database, refreshed every second as the route cluster-stops-sync does. */
    private CallGate node(String name, DataSource database, Duration probe) {
        Clock clock = Clock.systemUTC();
        CallGate gate = new CallGate(
                new Alerts(outboxes.resolve(name), clock, Json.mapper()),
                clock,
                probe,
                LocalTime.of(0, 0),
                ZoneId.of("Asia/Shanghai"));
        gate.shareThrough(new JdbcStopBoard(database), name);
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor();
        refresher.scheduleWithFixedDelay(gate::refresh, 0, 1, TimeUnit.SECONDS);
        refreshers.add(refresher);
        return gate;
    }

    private List<JsonNode> alerts(String node) throws IOException {
        Path folder = outboxes.resolve(node).resolve("alerts");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            ObjectMapper json = new ObjectMapper();
            return files.sorted()
                    .map(f -> {
                        try {
                            return json.readTree(f.toFile());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
    }

    private List<String> kinds(String node) throws IOException {
        return alerts(node).stream().map(a -> a.get("kind").asText()).toList();
    }

    private static long count(String sql) throws SQLException {
        return Long.parseLong(text(sql));
    }

    private static String text(String sql) throws SQLException {
        try (Connection c = POSTGRES.getPostgresDatabase().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

    private static void execute(DataSource database, String sql) throws SQLException {
        try (Connection c = database.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static EmbeddedPostgres start() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.start();
            new StateStore(postgres.getPostgresDatabase()).migrate();
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL", e);
        }
    }
}
