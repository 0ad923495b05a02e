package dev.patsnapcamel.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The nodes' liveness, on H2 and on PostgreSQL, always by the database's clock. */
class ClusterNodesTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static EmbeddedPostgres postgres;
    static int databases;

    static Stream<String> dialects() {
        return Stream.of("h2", "postgresql");
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** A fresh, migrated state database of that kind. */
    static StateStore fresh(String kind) throws IOException {
        DataSource dataSource;
        if (kind.equals("h2")) {
            dataSource = new DriverManagerDataSource(
                    "jdbc:h2:mem:cluster-nodes-" + (++databases) + ";DB_CLOSE_DELAY=-1", "sa", "");
        } else {
            if (postgres == null) {
                postgres = EmbeddedPostgres.start();
            }
            String name = "nodes" + (++databases);
            new org.springframework.jdbc.core.JdbcTemplate(postgres.getPostgresDatabase())
                    .execute("CREATE DATABASE " + name);
            dataSource = postgres.getDatabase("postgres", name);
        }
        StateStore state = new StateStore(dataSource);
        state.migrate();
        return state;
    }

    static ClusterNodes node(StateStore state, String id) {
        return new ClusterNodes(state.database(), id, "1.0-test", TIMEOUT);
    }

    /** Moves a node's last sign far into the past, as if it had died long ago. */
    static void silence(StateStore state, String id) {
        state.database()
                .jdbc()
                .update(
                        "UPDATE patsnap_node SET seen_at = ? WHERE node_id = ?",
                        Timestamp.from(Instant.parse("2020-01-01T00:00:00Z")),
                        id);
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void nodesJoinBeatAndLeave(String kind) throws IOException {
        StateStore state = fresh(kind);
        ClusterNodes a = node(state, "a");
        ClusterNodes b = node(state, "b");
        assertThat(a.heartbeatProblem()).isPresent();

        a.join(Duration.ZERO);
        b.join(Duration.ZERO);

        assertThat(a.live()).extracting(ClusterNodes.Node::id).containsExactly("a", "b");
        assertThat(a.live()).allSatisfy(n -> assertThat(n.version()).isEqualTo("1.0-test"));
        assertThat(a.gone()).isEmpty();
        assertThat(a.heartbeatProblem()).isEmpty();
        assertThat(a.beat()).isTrue();
        assertThat(a.liveCount()).isEqualTo(2);

        b.leave();
        assertThat(a.live()).extracting(ClusterNodes.Node::id).containsExactly("a");
        assertThat(a.gone()).isEmpty();
        assertThat(b.registered()).isFalse();
        assertThat(a.registered()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aNodeNotSeenForTheTimeOutIsGoneAndAdoptedOnce(String kind) throws IOException {
        StateStore state = fresh(kind);
        ClusterNodes a = node(state, "a");
        ClusterNodes b = node(state, "b");
        ClusterNodes c = node(state, "c");
        a.join(Duration.ZERO);
        b.join(Duration.ZERO);
        c.join(Duration.ZERO);

        silence(state, "c");

        assertThat(a.gone()).extracting(ClusterNodes.Node::id).containsExactly("c");
        assertThat(c.gone()).as("a node never takes itself for gone").isEmpty();
        assertThat(a.live()).extracting(ClusterNodes.Node::id).containsExactly("a", "b");
        List<ClusterNodes.Node> adoptedByA = a.adoptGone();
        assertThat(adoptedByA).extracting(ClusterNodes.Node::id).containsExactly("c");
        assertThat(adoptedByA.get(0).seenAt()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(b.adopt("c")).isFalse();
        assertThat(b.adoptGone()).isEmpty();
        // a live node is never adopted
        assertThat(b.adopt("a")).isFalse();
        assertThat(a.live()).extracting(ClusterNodes.Node::id).containsExactly("a", "b");

        // a takeover that failed puts the node back as gone: adopted again next round
        a.giveBack(adoptedByA.get(0));
        assertThat(b.adoptGone()).extracting(ClusterNodes.Node::id).containsExactly("c");
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void manyNodesRacingForOneGoneNodeHaveOneWinner(String kind) throws Exception {
        StateStore state = fresh(kind);
        node(state, "dead").join(Duration.ZERO);
        silence(state, "dead");
        int racers = 6;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<Boolean>> wins = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                ClusterNodes racer = node(state, "n" + i);
                wins.add(pool.submit(() -> {
                    go.await(10, TimeUnit.SECONDS);
                    return racer.adopt("dead");
                }));
            }
            go.countDown();
            long winners = 0;
            for (Future<Boolean> win : wins) {
                winners += win.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aSecondNodeWithALiveIdRefusesToStart(String kind) throws IOException {
        StateStore state = fresh(kind);
        node(state, "same").join(Duration.ZERO);

        assertThatThrownBy(() -> node(state, "same").join(Duration.ofMillis(300)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cluster.node-id same is in use by a live node")
                .hasMessageContaining("give each node its own cluster.node-id");

        // the same id after a crash (its row stale): it joins again
        silence(state, "same");
        ClusterNodes restarted = node(state, "same");
        restarted.join(Duration.ZERO);
        assertThat(restarted.live()).extracting(ClusterNodes.Node::id).containsExactly("same");
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aNodeTakenForGoneJoinsAgainAtItsNextBeat(String kind) throws IOException {
        StateStore state = fresh(kind);
        ClusterNodes a = node(state, "a");
        ClusterNodes b = node(state, "b");
        a.join(Duration.ZERO);
        b.join(Duration.ZERO);
        silence(state, "b");
        assertThat(a.adopt("b")).isTrue();

        assertThat(b.beat()).isTrue();

        assertThat(a.live()).extracting(ClusterNodes.Node::id).containsExactly("a", "b");
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aHeartbeatThatCannotReachTheDatabaseIsReported(String kind) throws IOException {
        StateStore state = fresh(kind);
        ClusterNodes a = node(state, "a");
        a.join(Duration.ZERO);
        ClusterNodes cut = new ClusterNodes(
                new Database(
                        new DriverManagerDataSource("jdbc:h2:tcp://127.0.0.1:1/nowhere"),
                        state.database().dialect()),
                "a",
                "1.0-test",
                TIMEOUT);

        assertThat(cut.beat()).isFalse();

        assertThat(cut.heartbeatProblem()).get().asString().startsWith("heartbeat failed:");
    }
}
