package dev.patsnapcamel.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.model.PatentQuery;
import dev.patsnapcamel.model.Status;

/** The stored answers on H2 (the default state database) and on a real PostgreSQL server. */
class StoredAnswersTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String UUID = "0a1b2c3d-0000-4000-a000-000000000001";
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static EmbeddedPostgres postgres;
    static final List<HikariDataSource> pools = new ArrayList<>();

    static Stream<String> databases() {
        return Stream.of("h2", "postgresql");
    }

    static StateStore store(String database) throws IOException {
        HikariConfig config = new HikariConfig();
        if (database.equals("h2")) {
            config.setJdbcUrl("jdbc:h2:mem:stored-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        } else {
            if (postgres == null) {
                postgres = EmbeddedPostgres.start();
            }
            config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
            config.setUsername("postgres");
            config.setPassword("postgres");
        }
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        StateStore state = new StateStore(pool);
        state.migrate();
        state.database().jdbc().update("DELETE FROM patsnap_stored_answer");
        return state;
    }

    @AfterAll
    static void close() throws IOException {
        pools.forEach(HikariDataSource::close);
        if (postgres != null) {
            postgres.close();
        }
    }

    static LedgerEntry line(String query, Status status, String pn, String patentId, String records, Instant at)
            throws IOException {
        JsonNode tree = JSON.readTree(records);
        return new LedgerEntry("s1", "in.txt", "license", query, status, pn, patentId, tree, null, null, at.toString());
    }

    static StoredAnswers.Key number(String query) {
        return new StoredAnswers.Key("license", PatentQuery.Kind.PATENT_NUMBER, query);
    }

    static StoredAnswers.Key id(String query) {
        return new StoredAnswers.Key("license", PatentQuery.Kind.PATENT_ID, query);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void answersAreFoundByEitherIdentifierWithinTheWindow(String database) throws IOException {
        StoredAnswers answers = new StoredAnswers(store(database), JSON, false);
        String records = "[{\"licensor\":\"ACME \\u00e9\",\"n\":1.5,\"big\":12345678901234567890}]";
        answers.store(
                List.of(
                        line("US1B2", Status.FOUND, "US1B2", UUID, records, T0),
                        line("US2B2", Status.NOT_FOUND, null, null, "[]", T0),
                        line("US3B2", Status.FAILED, null, null, "[]", T0),
                        line("US4B2", Status.REJECTED, null, null, "[]", T0)),
                Map.of(
                        "US1B2", PatentQuery.Kind.PATENT_NUMBER,
                        "US2B2", PatentQuery.Kind.PATENT_NUMBER,
                        "US3B2", PatentQuery.Kind.PATENT_NUMBER,
                        "US4B2", PatentQuery.Kind.PATENT_NUMBER));

        // failed and rejected lines are never kept; the found one also under its patent id
        assertThat(answers.size()).isEqualTo(3);
        Map<StoredAnswers.Key, LedgerEntry> found =
                answers.find("license", List.of(number("US1B2"), number("US2B2"), number("US3B2"), id(UUID)), T0);
        assertThat(found).containsOnlyKeys(number("US1B2"), number("US2B2"), id(UUID));
        LedgerEntry byNumber = found.get(number("US1B2"));
        assertThat(byNumber.status()).isEqualTo(Status.FOUND);
        assertThat(byNumber.pn()).isEqualTo("US1B2");
        assertThat(byNumber.patentId()).isEqualTo(UUID);
        assertThat(byNumber.records()).isEqualTo(JSON.readTree(records));
        assertThat(byNumber.fetchedAt()).isEqualTo(T0.toString());
        assertThat(found.get(id(UUID)).query()).isEqualTo(UUID);
        assertThat(found.get(number("US2B2")).status()).isEqualTo(Status.NOT_FOUND);

        // older than the window: not found; another endpoint: not found
        assertThat(answers.find("license", List.of(number("US1B2")), T0.plusMillis(1)))
                .isEmpty();
        assertThat(answers.find(
                        "customs",
                        List.of(new StoredAnswers.Key("customs", PatentQuery.Kind.PATENT_NUMBER, "US1B2")),
                        T0))
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aNewerAnswerReplacesTheOlderAndSandboxAnswersStayApart(String database) throws IOException {
        StateStore state = store(database);
        StoredAnswers real = new StoredAnswers(state, JSON, false);
        StoredAnswers sandbox = new StoredAnswers(state, JSON, true);
        Map<String, PatentQuery.Kind> kinds = Map.of("US5B2", PatentQuery.Kind.PATENT_NUMBER);
        real.store(List.of(line("US5B2", Status.EMPTY, "US5B2", null, "[]", T0)), kinds);
        real.store(List.of(line("US5B2", Status.FOUND, "US5B2", null, "[{\"a\":1}]", T0.plusSeconds(5))), kinds);

        Map<StoredAnswers.Key, LedgerEntry> found = real.find("license", List.of(number("US5B2")), T0);
        assertThat(found.get(number("US5B2")).status()).isEqualTo(Status.FOUND);
        assertThat(found.get(number("US5B2")).fetchedAt())
                .isEqualTo(T0.plusSeconds(5).toString());
        assertThat(sandbox.find("license", List.of(number("US5B2")), T0)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void pruningDeletesOnlyOldAnswersInChunks(String database) throws IOException {
        StoredAnswers answers = new StoredAnswers(store(database), JSON, false);
        List<LedgerEntry> lines = new ArrayList<>();
        Map<String, PatentQuery.Kind> kinds = new java.util.HashMap<>();
        for (int i = 0; i < 25; i++) {
            String q = "US" + (100 + i) + "B2";
            lines.add(line(q, Status.EMPTY, q, null, "[]", T0.plusSeconds(i < 20 ? 0 : 100)));
            kinds.put(q, PatentQuery.Kind.PATENT_NUMBER);
        }
        answers.store(lines, kinds);

        assertThat(answers.prune(T0.plusSeconds(50), 3)).isEqualTo(20);
        assertThat(answers.size()).isEqualTo(5);
        assertThat(answers.prune(T0.plusSeconds(50), 3)).isZero();
    }
}
