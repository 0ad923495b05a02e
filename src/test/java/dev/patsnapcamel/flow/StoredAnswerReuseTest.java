package dev.patsnapcamel.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.model.PatentQuery;
import dev.patsnapcamel.model.Status;
import dev.patsnapcamel.model.WorkItem;
import dev.patsnapcamel.state.StateStore;
import dev.patsnapcamel.state.StoredAnswers;

/** Settling a batch from stored answers and from the call of another batch, on H2. */
class StoredAnswerReuseTest {

    final DefaultCamelContext camel = new DefaultCamelContext();
    HikariDataSource pool;

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
    }

    StoredAnswers answers() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:reuse-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        pool = new HikariDataSource(config);
        StateStore state = new StateStore(pool);
        state.migrate();
        return new StoredAnswers(state, new ObjectMapper(), false);
    }

    AnswerReuse reuse(StoredAnswers answers, boolean watchlistReuse, long waitMs) {
        Map<String, String> intakes = Map.of("file-1", "file", "file-2", "file", "watch-1", "watchlist");
        return new AnswerReuse(
                answers, intakes::get, Duration.ofHours(24), watchlistReuse, waitMs, 100, Clock.systemUTC());
    }

    static WorkItem item(String source, String number) {
        return new WorkItem(
                source, source + ".txt", new PatentQuery(number, number, PatentQuery.Kind.PATENT_NUMBER, null));
    }

    static LedgerEntry answer(WorkItem item) {
        return LedgerEntry.answered(
                item,
                "license",
                Status.FOUND,
                item.query().query(),
                "id-" + item.query().query(),
                JsonNodeFactory.instance.arrayNode().add(1),
                Instant.now());
    }

    Exchange exchange() {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(Headers.ENDPOINT, "license");
        return exchange;
    }

    @SuppressWarnings("unchecked")
    static List<WorkItem> rest(Exchange exchange) {
        return exchange.getProperty(Headers.BATCH, List.class);
    }

    @Test
    void storedAnswersSettleFilesButNotWatchlistRunsUnlessAllowed() {
        StoredAnswers answers = answers();
        WorkItem asked = item("file-1", "US1B2");
        answers.store(List.of(answer(asked)), Map.of("US1B2", PatentQuery.Kind.PATENT_NUMBER));

        Exchange file = exchange();
        List<LedgerEntry> reused =
                reuse(answers, false, 1000).settleFrom(List.of(item("file-2", "US1B2"), item("file-2", "US2B2")), file);
        assertThat(reused).singleElement().satisfies(line -> {
            assertThat(line.source()).isEqualTo("file-2.txt");
            assertThat(line.wasReused()).isTrue();
            assertThat(line.patentId()).isEqualTo("id-US1B2");
        });
        assertThat(rest(file)).extracting(w -> w.query().query()).containsExactly("US2B2");

        Exchange watch = exchange();
        assertThat(reuse(answers, false, 1000).settleFrom(List.of(item("watch-1", "US1B2")), watch))
                .isEmpty();
        assertThat(rest(watch)).hasSize(1);
        Exchange allowed = exchange();
        assertThat(reuse(answers, true, 1000).settleFrom(List.of(item("watch-1", "US1B2")), allowed))
                .hasSize(1);
        assertThat(rest(allowed)).isEmpty();
    }

    @Test
    void aBatchAskingWhatAnotherIsCallingTakesItsAnswerOrCallsItselfWhenItBroughtNone() throws Exception {
        StoredAnswers answers = answers();
        AnswerReuse reuse = reuse(answers, false, 30_000);
        WorkItem a = item("file-1", "US7B2");
        Exchange first = exchange();
        assertThat(reuse.settleFrom(List.of(a), first)).isEmpty();
        assertThat(reuse.inFlight()).isEqualTo(1);

        // the second waits for the first's call, which answers
        Exchange second = exchange();
        CompletableFuture<List<LedgerEntry>> waiting =
                CompletableFuture.supplyAsync(() -> reuse.settleFrom(List.of(item("file-2", "US7B2")), second));
        assertThat(waiting).isNotDone();
        reuse.store(List.of(answer(a)), List.of(a));
        first.getExchangeExtension().handoverCompletions().forEach(s -> s.onComplete(first));
        assertThat(waiting.get(10, TimeUnit.SECONDS))
                .singleElement()
                .satisfies(l -> assertThat(l.wasReused()).isTrue());
        assertThat(rest(second)).isEmpty();

        // a call that ends without an answer: the one waiting calls for it itself
        WorkItem b = item("file-1", "US8B2");
        Exchange third = exchange();
        reuse.settleFrom(List.of(b), third);
        Exchange fourth = exchange();
        CompletableFuture<List<LedgerEntry>> alsoWaiting =
                CompletableFuture.supplyAsync(() -> reuse.settleFrom(List.of(item("file-2", "US8B2")), fourth));
        third.getExchangeExtension().handoverCompletions().forEach(s -> s.onFailure(third));
        assertThat(alsoWaiting.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(rest(fourth)).hasSize(1);
        assertThat(reuse.inFlight()).isEqualTo(1);
    }
}
