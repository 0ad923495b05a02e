package dev.patsnapcamel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.ops.Alerts;
import dev.patsnapcamel.ops.Json;
import dev.patsnapcamel.support.MovingClock;

class CallGateTest {

    @TempDir
    Path outbox;

    final MovingClock clock = new MovingClock(Instant.parse("2026-11-21T10:00:00Z"));

    CallGate gate() {
        return new CallGate(
                new Alerts(outbox, clock, Json.mapper()),
                clock,
                Duration.ofMinutes(5),
                LocalTime.of(0, 0),
                ZoneId.of("Asia/Shanghai"));
    }

    @Test
    void anAccountStopClosesEveryEndpointUntilAProbeIsAnswered() throws IOException {
        CallGate gate = gate();
        gate.refused(Treatment.STOP_ACCOUNT, "license", "67200005", "Insufficient account balance");

        assertThatThrownBy(() -> gate.admit("license"))
                .isInstanceOf(PatsnapCallException.Suspending.class)
                .hasMessageContaining("67200005")
                .hasMessageContaining("2026-11-21T10:05:00Z");
        assertThatThrownBy(() -> gate.admit("customs")).isInstanceOf(PatsnapCallException.Suspending.class);

        clock.advance(Duration.ofMinutes(5));
        assertThatCode(() -> gate.admit("customs")).as("the probe").doesNotThrowAnyException();
        assertThatThrownBy(() -> gate.admit("license"))
                .as("only one probe per interval")
                .isInstanceOf(PatsnapCallException.Suspending.class);

        gate.answered("customs");
        assertThatCode(() -> gate.admit("license")).doesNotThrowAnyException();
        assertThat(alertKinds()).containsExactly("account-stopped", "account-resumed");
    }

    @Test
    void aRepeatedStopRaisesOneAlertAndPushesTheProbeBack() throws IOException {
        CallGate gate = gate();
        gate.refused(Treatment.STOP_ACCOUNT, "license", "67200001", "total limit");
        clock.advance(Duration.ofMinutes(5));
        gate.admit("license"); // probe
        gate.refused(Treatment.STOP_ACCOUNT, "license", "67200001", "total limit");

        assertThat(gate.accountClosure())
                .get()
                .extracting(CallGate.Closure::nextProbe)
                .isEqualTo(Instant.parse("2026-11-21T10:10:00Z"));
        assertThat(alertKinds()).containsExactly("account-stopped");
    }

    @Test
    void anEndpointStopLeavesTheOtherEndpointsOpen() throws IOException {
        CallGate gate = gate();
        gate.refused(Treatment.STOP_ENDPOINT, "litigation", "67200004", "no permission");

        assertThatThrownBy(() -> gate.admit("litigation")).isInstanceOf(PatsnapCallException.Suspending.class);
        assertThatCode(() -> gate.admit("license")).doesNotThrowAnyException();
        gate.answered("license");
        assertThatThrownBy(() -> gate.admit("litigation"))
                .as("an answer elsewhere does not reopen it")
                .isInstanceOf(PatsnapCallException.Suspending.class);
        assertThat(alertKinds()).containsExactly("endpoint-stopped");
    }

    @Test
    void theDailyLimitWaitsForTheNextResetInItsZone() {
        CallGate gate = gate();
        // 10:00 UTC is 18:00 in Shanghai: the next midnight there is 16:00 UTC
        gate.refused(Treatment.PAUSE_DAILY, "license", "67200007", "daily limit");

        assertThat(gate.accountClosure())
                .get()
                .extracting(CallGate.Closure::nextProbe)
                .isEqualTo(Instant.parse("2026-11-21T16:00:00Z"));
        clock.advance(Duration.ofHours(5).plusMinutes(59));
        assertThatThrownBy(() -> gate.admit("license")).isInstanceOf(PatsnapCallException.Suspending.class);
        clock.advance(Duration.ofMinutes(1));
        assertThatCode(() -> gate.admit("license")).doesNotThrowAnyException();
    }

    /** A board in memory, on its own clock, that can be made unreachable. */
    static final class FakeBoard implements StopBoard {
        final Map<String, Posted> rows = new ConcurrentHashMap<>();
        final MovingClock clock;
        volatile boolean down;

        FakeBoard(MovingClock clock) {
            this.clock = clock;
        }

        @Override
        public Snapshot read() {
            check();
            return new Snapshot(clock.instant(), Map.copyOf(rows));
        }

        @Override
        public boolean close(String gate, CallGate.Closure closure, String node) {
            check();
            Posted previous = rows.get(gate);
            rows.put(
                    gate,
                    previous == null
                            ? new Posted(closure, node)
                            : new Posted(
                                    new CallGate.Closure(
                                            closure.treatment(),
                                            closure.code(),
                                            closure.message(),
                                            previous.closure().since(),
                                            closure.nextProbe()),
                                    previous.closedBy()));
            return previous == null;
        }

        @Override
        public boolean open(String gate) {
            check();
            return rows.remove(gate) != null;
        }

        @Override
        public boolean claimProbe(String gate, Instant nextProbe, String node) {
            check();
            Posted posted = rows.get(gate);
            if (posted == null || clock.instant().isBefore(posted.closure().nextProbe())) {
                return false;
            }
            CallGate.Closure c = posted.closure();
            rows.put(
                    gate,
                    new Posted(
                            new CallGate.Closure(c.treatment(), c.code(), c.message(), c.since(), nextProbe),
                            posted.closedBy()));
            return true;
        }

        private void check() {
            if (down) {
                throw new IllegalStateException("the board is down");
            }
        }
    }

    @Test
    void sharedChangesTheBoardMissedAreWrittenOnceItAnswersAgain() throws IOException {
        FakeBoard board = new FakeBoard(new MovingClock(Instant.parse("2026-11-21T10:00:00Z")));
        CallGate gate = gate();
        gate.shareThrough(board, "node-a");
        board.down = true;

        gate.refused(Treatment.STOP_ACCOUNT, "license", "67200005", "Insufficient account balance");
        gate.refresh();

        assertThatThrownBy(() -> gate.admit("license"))
                .as("closed here although the board did not take it")
                .isInstanceOf(PatsnapCallException.Suspending.class);
        clock.advance(Duration.ofMinutes(5));
        assertThatThrownBy(() -> gate.admit("license"))
                .as("no probe that cannot be won on the board")
                .isInstanceOf(PatsnapCallException.Suspending.class);
        assertThat(alertKinds()).containsExactly("account-stopped");

        board.down = false;
        gate.refresh();
        assertThat(board.rows).containsOnlyKeys("*");
        assertThat(board.rows.get("*").closedBy()).isEqualTo("node-a");
        assertThatThrownBy(() -> gate.admit("license")).isInstanceOf(PatsnapCallException.Suspending.class);

        board.down = true;
        gate.answered("license");
        assertThatCode(() -> gate.admit("license")).doesNotThrowAnyException();
        board.down = false;
        gate.refresh();
        assertThat(board.rows).isEmpty();
        assertThatCode(() -> gate.admit("license")).doesNotThrowAnyException();
        assertThat(alertKinds()).containsExactly("account-stopped", "account-resumed");
    }

    @Test
    void sharedProbeTimesFollowTheBoardsClock() {
        // the board's clock is ten minutes ahead of this node's
        MovingClock boardClock = new MovingClock(Instant.parse("2026-11-21T10:10:00Z"));
        FakeBoard board = new FakeBoard(boardClock);
        CallGate gate = gate();
        gate.shareThrough(board, "node-b");
        gate.refresh();
        board.rows.put(
                "*",
                new StopBoard.Posted(
                        new CallGate.Closure(
                                Treatment.STOP_ACCOUNT,
                                "67200001",
                                "total limit",
                                Instant.parse("2026-11-21T10:09:00Z"),
                                Instant.parse("2026-11-21T10:12:00Z")),
                        "node-a"));
        gate.refresh();

        assertThat(gate.accountClosure())
                .get()
                .extracting(CallGate.Closure::nextProbe)
                .as("on this node's clock")
                .isEqualTo(Instant.parse("2026-11-21T10:02:00Z"));
        clock.advance(Duration.ofMinutes(2));
        boardClock.advance(Duration.ofMinutes(2));
        assertThatCode(() -> gate.admit("license")).as("the probe, won").doesNotThrowAnyException();
        assertThat(board.rows.get("*").closure().nextProbe())
                .as("the next probe on the board's clock")
                .isEqualTo(Instant.parse("2026-11-21T10:17:00Z"));
        assertThatThrownBy(() -> gate.admit("license")).isInstanceOf(PatsnapCallException.Suspending.class);
    }

    private List<String> alertKinds() throws IOException {
        try (Stream<Path> files = Files.list(outbox.resolve("alerts"))) {
            ObjectMapper json = new ObjectMapper();
            return files.sorted()
                    .map(f -> {
                        try {
                            return json.readTree(f.toFile()).get("kind").asText();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
    }
}
