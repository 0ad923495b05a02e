package dev.patsnapcamel.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The watch list's tables and its comparison query, on H2 and on a real PostgreSQL server. */
class WatchlistStoreTest {

    static EmbeddedPostgres postgres;
    static final List<HikariDataSource> pools = new ArrayList<>();

    static Stream<String> databases() {
        return Stream.of("h2", "postgresql");
    }

    static StateStore store(String database) throws IOException {
        HikariConfig config = new HikariConfig();
        String url;
        if (database.equals("h2")) {
            url = "jdbc:h2:mem:watchlist-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        } else {
            if (postgres == null) {
                postgres = EmbeddedPostgres.start();
            }
            url = postgres.getJdbcUrl("postgres", "postgres");
            config.setUsername("postgres");
            config.setPassword("postgres");
        }
        config.setJdbcUrl(url);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        StateStore state = new StateStore(pool);
        state.migrate();
        try (var c = pool.getConnection();
                var s = c.createStatement()) {
            // one PostgreSQL server for all tests: each starts from empty watch-list tables
            s.execute("DELETE FROM patsnap_watch_record");
            s.execute("DELETE FROM patsnap_watch_run");
            s.execute("DELETE FROM patsnap_watch_origin");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return state;
    }

    @AfterAll
    static void close() throws IOException {
        pools.forEach(HikariDataSource::close);
        if (postgres != null) {
            postgres.close();
        }
    }

    static WatchlistStore.Entry answered(String endpoint, String query, int count, String digest, String records) {
        return new WatchlistStore.Entry(
                endpoint, query, count == 0 ? "empty" : "found", "PN-" + query, "id-" + query, count, digest, records);
    }

    static WatchlistStore.Entry failed(String endpoint, String query) {
        return new WatchlistStore.Entry(endpoint, query, "failed", null, null, null, null, null);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void sandboxAndRealRunsAreNeverMixed(String database) throws IOException {
        StateStore state = store(database);
        WatchlistStore store = new WatchlistStore(state);
        Clock clock = Clock.systemUTC();
        String url = "jdbc:test:state;password=hidden";

        // an empty store takes either kind, and changes its mind while it holds nothing
        store.claim(true, url, clock);
        store.claim(true, url, clock);
        store.claim(false, url, clock);
        store.claim(true, url, clock);

        store.runFor("s1", "list.txt", "watchlist:list.txt:2026-01-01T02:00:00Z");
        store.claim(true, url, clock);
        assertThatThrownBy(() -> store.claim(false, url, clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("The watch-list store (the state database, state.jdbc.url "
                        + "jdbc:test:state;password=xxxxxx) holds answers invented by the built-in sandbox (since 20")
                .hasMessageContaining(
                        "calls the real PatSnap API", "DELETE FROM patsnap_watch_run", "patsnap.sandbox.enabled=true")
                .hasMessageNotContaining("hidden");

        // emptied as the message says: the real run may start, and from then on the sandbox may not
        try (var c = state.dataSource().getConnection();
                var s = c.createStatement()) {
            s.execute("DELETE FROM patsnap_watch_record");
            s.execute("DELETE FROM patsnap_watch_run");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        store.claim(false, url, clock);
        store.runFor("s2", "list.txt", "watchlist:list.txt:2026-01-02T02:00:00Z");
        assertThatThrownBy(() -> store.claim(true, url, clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(
                        "holds answers from the real PatSnap API", "uses the built-in sandbox", "patsnap.client-id");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aStoreWithRunsFromBeforeTheMarkerIsTakenAsTheFirstKindThatStarts(String database) throws IOException {
        StateStore state = store(database);
        WatchlistStore store = new WatchlistStore(state);
        store.runFor("s1", "list.txt", "watchlist:list.txt:2026-01-01T02:00:00Z");
        store.claim(false, "jdbc:test", Clock.systemUTC());
        assertThatThrownBy(() -> store.claim(true, "jdbc:test", Clock.systemUTC()))
                .hasMessageContaining("holds answers from the real PatSnap API");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void runsAreComparedCarriedOverAndPruned(String database) throws IOException {
        WatchlistStore store = new WatchlistStore(store(database));

        WatchlistStore.Run first = store.runFor("s1", "list.txt", "watchlist:list.txt:2026-01-01T02:00:00Z");
        assertThat(first.previousKey()).isNull();
        store.record(
                first,
                List.of(
                        answered("license", "A", 1, "a1", "[{\"a\":1}]"),
                        answered("license", "B", 0, "e", "[]"),
                        answered("license", "C", 2, "c1", "[{\"c\":1},{\"c\":2}]"),
                        answered("license", "D", 1, "d1", "[{\"d\":1}]"),
                        answered("license", "E", 1, "e1", "[{\"e\":1}]"),
                        failed("license", "F")));
        // a repeated delivery records nothing twice
        store.record(first, List.of(answered("license", "A", 1, "a1", "[{\"a\":1}]")));
        assertThat(store.count("s1")).isEqualTo(6);
        store.settle("s1", 0, 0, 0, null);

        WatchlistStore.Run second = store.runFor("s2", "list.txt", "watchlist:list.txt:2026-01-02T02:00:00Z");
        assertThat(second.previousKey()).isEqualTo("s1");
        // A unchanged, B gains records, C changes, D loses them, E fails (keeps its state), F answered now, G joins,
        // H joins without records; (nothing for the removed Z)
        store.record(
                second,
                List.of(
                        answered("license", "A", 1, "a1", "[{\"a\":1}]"),
                        answered("license", "B", 1, "b2", "[{\"b\":2}]"),
                        answered("license", "C", 1, "c2", "[{\"c\":3}]"),
                        answered("license", "D", 0, "e", "[]"),
                        failed("license", "E"),
                        answered("license", "F", 1, "f2", "[{\"f\":2}]"),
                        answered("license", "G", 1, "g2", "[{\"g\":2}]"),
                        answered("license", "H", 0, "e", "[]")));
        assertThat(store.count("s2")).isEqualTo(8);

        List<WatchlistStore.Difference> differences = new ArrayList<>();
        store.differences("s1", "s2", List.of("license"), differences::add);

        assertThat(differences)
                .extracting(d -> d.query() + ":" + d.change())
                .containsExactly("B:new", "C:changed", "D:removed", "F:new", "G:new");
        assertThat(differences.get(1).before()).isEqualTo("[{\"c\":1},{\"c\":2}]");
        assertThat(differences.get(1).after()).isEqualTo("[{\"c\":3}]");
        assertThat(differences.get(0).before()).isNull();
        assertThat(differences.get(2).pn()).isEqualTo("PN-D");

        // a list without A: A is removed; E's state was carried over from the first run
        store.settle("s2", 3, 1, 1, "changes.jsonl");
        store.prune("list.txt", "s2");
        assertThat(store.run("s1")).isEmpty();
        assertThat(store.count("s1")).isZero();
        WatchlistStore.Run third = store.runFor("s3", "list.txt", "watchlist:list.txt:2026-01-03T02:00:00Z");
        store.record(third, List.of(answered("license", "E", 1, "e1", "[{\"e\":1}]")));
        List<WatchlistStore.Difference> later = new ArrayList<>();
        store.differences("s2", "s3", List.of("license"), later::add);
        assertThat(later)
                .extracting(d -> d.query() + ":" + d.change())
                .containsExactly("A:removed", "B:removed", "C:removed", "F:removed", "G:removed");
        assertThat(store.run("s2").orElseThrow().newCount()).isEqualTo(3);
        // an endpoint the run did not ask does not remove its records
        List<WatchlistStore.Difference> otherEndpoint = new ArrayList<>();
        store.differences("s2", "s3", List.of("litigation"), otherEndpoint::add);
        assertThat(otherEndpoint).isEmpty();
    }
}
