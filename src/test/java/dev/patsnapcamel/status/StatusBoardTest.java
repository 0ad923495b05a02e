package dev.patsnapcamel.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.api.CallGate;
import dev.patsnapcamel.api.DailyBudget;
import dev.patsnapcamel.api.InFlightLimit;
import dev.patsnapcamel.api.RateGovernor;
import dev.patsnapcamel.api.Treatment;
import dev.patsnapcamel.flow.SourceTracker;
import dev.patsnapcamel.ops.Alerts;
import dev.patsnapcamel.state.ClusterNodes;
import dev.patsnapcamel.state.SourceRecords;
import dev.patsnapcamel.state.StateStore;
import dev.patsnapcamel.support.MovingClock;

/** What the board takes from the beans: the account's state in each case, the calls, the inputs, the nodes. */
class StatusBoardTest {

    static final AtomicInteger DATABASES = new AtomicInteger();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path outbox;

    final MovingClock clock = new MovingClock(Instant.parse("2026-12-03T10:00:00Z"));
    final AtomicLong billedToday = new AtomicLong();
    StateStore state;
    Alerts alerts;
    CallGate gate;
    RateGovernor rate;
    InFlightLimit limit;
    SourceTracker tracker;

    @BeforeEach
    void beans() {
        state = new StateStore(new DriverManagerDataSource(
                "jdbc:h2:mem:status-board-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1", "sa", ""));
        state.migrate();
        alerts = new Alerts(outbox, clock, JSON);
        gate = new CallGate(alerts, clock, Duration.ofMinutes(5), LocalTime.of(0, 0), ZoneOffset.UTC);
        rate = new RateGovernor(10, Duration.ofMinutes(1), clock);
        limit = new InFlightLimit(rate, 512, Duration.ofSeconds(30), 1.5, clock);
        tracker = new SourceTracker(List.of("license"), new SourceRecords(state), clock);
    }

    StatusBoard board(DailyBudget budget, ClusterNodes nodes) {
        return StatusBoard.of(
                new StatusBoard.Sources(tracker, gate, rate, 10, limit, budget, nodes),
                outbox,
                JSON,
                "n1",
                "1.2.3",
                true,
                Duration.ofSeconds(7),
                clock);
    }

    DailyBudget budget(long daily) {
        return new DailyBudget(daily, ZoneOffset.UTC, LocalTime.of(0, 0), day -> billedToday.get());
    }

    @Test
    void runningWithNothingToDo() {
        StatusSnapshot s = board(budget(0), null).snapshot();

        assertThat(s.generatedAt()).isEqualTo("2026-12-03T10:00:00Z");
        assertThat(s.node()).isEqualTo("n1");
        assertThat(s.sandbox()).isTrue();
        assertThat(s.cluster()).isFalse();
        assertThat(s.refreshSeconds()).isEqualTo(7);
        assertThat(s.account().state()).isEqualTo("running");
        assertThat(s.account().stops()).isEmpty();
        assertThat(s.account().budget()).as("no budget configured").isNull();
        assertThat(s.calls().qps()).isEqualTo(10);
        assertThat(s.calls().recentCalls()).isZero();
        assertThat(s.inputs()).isEmpty();
        assertThat(s.finished()).isEmpty();
        assertThat(s.alerts()).isEmpty();
        assertThat(s.nodes()).as("standalone: no nodes").isNull();
    }

    @Test
    void anAccountStopShowsItsCodeSinceWhenAndTheNextProbeAndTheAlert() {
        gate.refused(Treatment.STOP_ACCOUNT, "license", "67200005", "balance exhausted");

        StatusSnapshot s = board(budget(0), null).snapshot();

        assertThat(s.account().state()).isEqualTo("stopped");
        assertThat(s.account().stops())
                .containsExactly(new StatusSnapshot.Stop(
                        "account",
                        "67200005",
                        "balance exhausted",
                        "stop-account",
                        "2026-12-03T10:00:00Z",
                        "2026-12-03T10:05:00Z"));
        assertThat(s.alerts()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("account-stopped");
            assertThat(a.severity()).isEqualTo("error");
            assertThat(a.message()).contains("67200005");
        });
    }

    @Test
    void theDailyLimitIsAPauseUntilTheReset() {
        gate.refused(Treatment.PAUSE_DAILY, "license", "67200007", "daily limit");

        StatusSnapshot s = board(budget(0), null).snapshot();

        assertThat(s.account().state()).isEqualTo("paused");
        assertThat(s.account().stops().get(0).nextProbe()).isEqualTo("2026-12-04T00:00:00Z");
    }

    @Test
    void anEndpointStopLeavesTheAccountRunningButSaysWhich() {
        gate.refused(Treatment.STOP_ENDPOINT, "litigation", "67200004", "no permission");

        StatusSnapshot s = board(budget(0), null).snapshot();

        assertThat(s.account().state()).isEqualTo("endpoints-stopped");
        assertThat(s.account().stops()).extracting(StatusSnapshot.Stop::scope).containsExactly("litigation");
    }

    @Test
    void theBudgetShowsWhatIsUsedAndIsReachedAtItsEnd() {
        billedToday.set(800);
        StatusSnapshot.Budget b = board(budget(1000), null).snapshot().account().budget();
        assertThat(b.daily()).isEqualTo(1000);
        assertThat(b.used()).isEqualTo(800);
        assertThat(b.percent()).isEqualTo(80.0);
        assertThat(b.day()).isEqualTo("2026-12-03");
        assertThat(b.resetsAt()).isEqualTo("2026-12-04T00:00:00Z");

        billedToday.set(1000);
        assertThat(board(budget(1000), null).snapshot().account().state()).isEqualTo("budget-reached");
    }

    @Test
    void theCallsOfTheLastSecondsGiveTheRateAndThePercentiles() {
        DefaultCamelContext camel = new DefaultCamelContext();
        for (int i = 1; i <= 20; i++) {
            Exchange call = new DefaultExchange(camel);
            limit.callStarts(call);
            clock.advance(Duration.ofMillis(100L * i));
            limit.callEnds(call);
        }
        // the 20 calls took 100 ms to 2 s, and ended within the last 21 s: the last 10 s hold 6 of them
        StatusSnapshot.Calls c = board(budget(0), null).snapshot().calls();
        assertThat(c.recentCalls()).isEqualTo(20);
        assertThat(c.latencyP50Seconds()).isEqualTo(1.0);
        assertThat(c.latencyP95Seconds()).isEqualTo(1.9);
        assertThat(c.latencyP99Seconds()).isEqualTo(2.0);
        assertThat(c.perSecond()).isEqualTo(0.6);
        assertThat(c.inFlight()).isZero();
        assertThat(c.allowedQps()).isEqualTo(10);
    }

    @Test
    void anInputBeingReadHasNoExpectedCountYetButItsValuesGiveTheMost() {
        String key = tracker.open("orders <2026>.txt", null, "fp-1", "file");

        StatusSnapshot.Input i = board(budget(0), null).snapshot().inputs().get(0);
        assertThat(i.source()).isEqualTo("orders <2026>.txt");
        assertThat(i.expected()).isEqualTo(-1);
        assertThat(i.atMost()).as("not counted yet").isEqualTo(-1);
        assertThat(i.percent()).isZero();
        assertThat(i.secondsLeft()).isEqualTo(-1);
        assertThat(i.since()).isEqualTo("2026-12-03T10:00:00Z");

        // the check counted 250 values; one endpoint
        tracker.reading(key, 250L);
        i = board(budget(0), null).snapshot().inputs().get(0);
        assertThat(i.expected()).isEqualTo(-1);
        assertThat(i.atMost()).isEqualTo(250);
        assertThat(i.secondsLeft()).as("no line written yet: no rate").isEqualTo(-1);
    }

    @Test
    void inClusterModeEveryNodeHasARow() {
        ClusterNodes nodes = new ClusterNodes(state.database(), "n1", "1.2.3", Duration.ofSeconds(30));
        nodes.join(Duration.ZERO);
        new ClusterNodes(state.database(), "n2", "1.2.2", Duration.ofSeconds(30)).join(Duration.ZERO);

        StatusSnapshot s = board(budget(0), nodes).snapshot();

        assertThat(s.cluster()).isTrue();
        assertThat(s.nodes()).extracting(StatusSnapshot.Node::id).containsExactlyInAnyOrder("n1", "n2");
        assertThat(s.nodes()).allSatisfy(n -> assertThat(n.alive()).isTrue());
        assertThat(s.nodes())
                .filteredOn(StatusSnapshot.Node::self)
                .extracting(StatusSnapshot.Node::id)
                .containsExactly("n1");
    }

    @Test
    void theNewestAlertsComeFirstAndAFileThatIsNotAnAlertIsPassedOver() throws Exception {
        alerts.raise("budget-80", "warning", "80 % used", Map.of());
        clock.advance(Duration.ofSeconds(1));
        alerts.raise("output-failed", "warning", "the database failed", Map.of());
        Files.writeString(outbox.resolve("alerts").resolve("broken.json"), "{not json");

        List<StatusSnapshot.Alert> shown = board(budget(0), null).snapshot().alerts();

        assertThat(shown).extracting(StatusSnapshot.Alert::kind).containsExactly("output-failed", "budget-80");
    }
}
