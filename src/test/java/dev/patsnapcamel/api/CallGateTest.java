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
