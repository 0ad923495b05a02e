package dev.patsnapcamel.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The shared inbox's claims on a real PostgreSQL server (cluster mode): one node wins a file however many
 * threads of several nodes try at once, a released claim can be made by another node, a gone node's claims
 * are released by the takeover, and the open source's fingerprint is unique (V9).
 */
class InboxClaimsTest {

    static final String FILE = "file:ids.txt|1234|1767225600000";

    static EmbeddedPostgres postgres;
    static HikariDataSource pool;
    static StateStore store;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(16);
        pool = new HikariDataSource(config);
        store = new StateStore(pool);
        store.migrate();
    }

    @AfterAll
    static void stop() throws IOException {
        pool.close();
        postgres.close();
    }

    @BeforeEach
    void empty() {
        store.database().jdbc().update("DELETE FROM patsnap_inbox_claim");
        store.database().jdbc().update("DELETE FROM patsnap_source");
    }

    @Test
    void oneNodeWinsAFileClaimedByManyThreadsOfTwoNodesAtOnce() throws Exception {
        InboxClaims a = new InboxClaims(store, "node-a");
        InboxClaims b = new InboxClaims(store, "node-b");
        for (int round = 0; round < 20; round++) {
            String file = "file:round-" + round + ".txt|10|" + round;
            int threads = 12;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Boolean>> byA = new ArrayList<>();
            List<Future<Boolean>> byB = new ArrayList<>();
            try {
                for (int t = 0; t < threads; t++) {
                    InboxClaims node = t % 2 == 0 ? a : b;
                    Callable<Boolean> claim = () -> {
                        go.await();
                        return node.add(file);
                    };
                    (node == a ? byA : byB).add(pool.submit(claim));
                }
                go.countDown();
                long wonByA = count(byA);
                long wonByB = count(byB);
                String owner = a.owner(file).orElseThrow();
                // exactly one node has it: every attempt of the other failed, the owner's all hold it
                if (owner.equals("node-a")) {
                    assertThat(wonByA).as("round %d", round).isEqualTo(byA.size());
                    assertThat(wonByB).as("round %d", round).isZero();
                } else {
                    assertThat(owner).isEqualTo("node-b");
                    assertThat(wonByB).as("round %d", round).isEqualTo(byB.size());
                    assertThat(wonByA).as("round %d", round).isZero();
                }
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(store.database().jdbc().queryForObject("SELECT COUNT(*) FROM patsnap_inbox_claim", Long.class))
                .isEqualTo(20);
    }

    @Test
    void aReleasedClaimCanBeMadeByAnotherNodeAndOnlyTheOwnerReleasesIt() {
        InboxClaims a = new InboxClaims(store, "node-a");
        InboxClaims b = new InboxClaims(store, "node-b");

        assertThat(a.add(FILE)).isTrue();
        assertThat(b.add(FILE)).isFalse();
        assertThat(b.contains(FILE)).isTrue();
        // b cannot release a's claim
        assertThat(b.remove(FILE)).isFalse();
        assertThat(b.add(FILE)).isFalse();
        assertThat(a.owner(FILE)).contains("node-a");

        assertThat(a.remove(FILE)).isTrue();
        assertThat(a.contains(FILE)).isFalse();
        assertThat(b.add(FILE)).isTrue();
        assertThat(a.add(FILE)).isFalse();
        assertThat(a.owner(FILE)).contains("node-b");
    }

    @Test
    void theTakeoverReleasesEveryClaimOfTheGoneNodeAndNoOther() {
        InboxClaims gone = new InboxClaims(store, "node-gone");
        InboxClaims alive = new InboxClaims(store, "node-alive");
        InboxClaims other = new InboxClaims(store, "node-other");
        String longName = "file:" + "x".repeat(400) + ".txt|1|2";
        assertThat(gone.add("file:one.txt|1|1")).isTrue();
        assertThat(gone.add("sftp:host/inbox/two.txt|2|2")).isTrue();
        assertThat(gone.add(longName)).isTrue();
        assertThat(alive.add("file:mine.txt|3|3")).isTrue();
        assertThat(other.add("file:one.txt|1|1")).isFalse();

        assertThat(alive.releaseAll("node-gone")).isEqualTo(3);

        assertThat(gone.claimedBy("node-gone")).isEmpty();
        assertThat(alive.claimedBy("node-alive")).containsExactly("file:mine.txt|3|3");
        // the next poll of any node reads them again
        assertThat(other.add("file:one.txt|1|1")).isTrue();
        assertThat(other.add(longName)).isTrue();
        assertThat(other.owner(longName)).contains("node-other");
        assertThat(alive.add("file:mine.txt|3|3"))
                .as("a claim is its owner's again")
                .isTrue();
        assertThat(other.add("file:mine.txt|3|3")).isFalse();
        assertThatThrownBy(() -> alive.releaseAll(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void twoNodesCannotOpenTwoSourcesForOneInput() {
        SourceRecords records = new SourceRecords(store);
        records.insert(source("s1", FILE));
        assertThatThrownBy(() -> records.insert(source("s2", FILE))).isInstanceOf(DuplicateKeyException.class);
        // another input, and the same input once its source is completed, open a new source
        records.insert(source("s3", "file:other.txt|1|1"));
        records.complete("s1");
        records.insert(source("s4", FILE));
        assertThat(records.unfinished(FILE)).map(SourceRecords.Source::key).contains("s4");
    }

    @Test
    void onH2TheClaimsWorkAndTheOpenSourceIndexIsLeftOut() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:inbox-claims;DB_CLOSE_DELAY=-1");
        StateStore local = new StateStore(h2);
        local.migrate();
        InboxClaims a = new InboxClaims(local, "node-a");
        InboxClaims b = new InboxClaims(local, "node-b");
        assertThat(a.add(FILE)).isTrue();
        assertThat(b.add(FILE)).isFalse();
        assertThat(a.remove(FILE)).isTrue();
        assertThat(b.add(FILE)).isTrue();
        SourceRecords records = new SourceRecords(local);
        records.insert(source("s1", FILE));
        records.insert(source("s2", FILE));
        assertThat(local.database()
                        .jdbc()
                        .queryForObject(
                                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES WHERE INDEX_NAME = ?",
                                Long.class,
                                "PATSNAP_SOURCE_OPEN_FINGERPRINT"))
                .isZero();
    }

    private static SourceRecords.Source source(String key, String fingerprint) {
        return new SourceRecords.Source(
                key, "ids.txt", fingerprint, List.of("license"), "2026-12-01T00:00:00Z", null, false, "file");
    }

    private static long count(List<Future<Boolean>> results) throws Exception {
        long won = 0;
        for (Future<Boolean> result : results) {
            if (result.get(30, TimeUnit.SECONDS)) {
                won++;
            }
        }
        return won;
    }
}
