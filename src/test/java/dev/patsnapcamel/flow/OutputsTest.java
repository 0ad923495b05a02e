package dev.patsnapcamel.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.model.SourceReport;
import dev.patsnapcamel.model.Status;

class OutputsTest {

    /** The intake kinds as the state database would have recorded them, by source key. */
    private final Map<String, String> recorded = new HashMap<>(Map.of(
            "k-a.txt",
            "file",
            "k-b.txt",
            "file",
            "k-queue:ID:1",
            "queue",
            "k-sftp:host/in/a.txt",
            "sftp",
            "k-file-named-queue",
            "file"));

    private final List<String> lookedUp = new ArrayList<>();
    private final Outputs outputs = new Outputs("csv, JDBC", Map.of("queue", "jdbc", "sftp", " "), key -> {
        lookedUp.add(key);
        return recorded.getOrDefault(key, Outputs.FILE);
    });

    @Test
    void tellsIntakesApartByTheRecordedKindNeverByTheName() {
        assertThat(outputs.intakeOf(entry("a.txt"))).isEqualTo("file");
        assertThat(outputs.intakeOf(entry("sftp:host/in/a.txt"))).isEqualTo("sftp");
        assertThat(outputs.intakeOf(entry("queue:ID:1"))).isEqualTo("queue");
        // a file named like a queue request is a file: its lines go to no queue
        LedgerEntry lookalike = LedgerEntry.unanswered(
                "k-file-named-queue", "queue:ID:1", "license", "US1", Status.FAILED, "X", "x", Instant.EPOCH);
        assertThat(outputs.intakeOf(lookalike)).isEqualTo("file");
        assertThat(outputs.ofResults(List.of(lookalike))).containsExactly("ledger", "csv", "jdbc");
        assertThat(outputs.ofReport(
                        new SourceReport(
                                "k-file-named-queue", "queue:ID:1", null, null, 0, 0, 0, 0, Map.of(), null, null),
                        null))
                .containsExactly("ledger", "csv", "jdbc");
        // an unknown key is a file, and the kind is looked up once per source
        assertThat(outputs.intakeOf(entry("unknown"))).isEqualTo("file");
        outputs.intakeOf(entry("queue:ID:1"));
        assertThat(lookedUp).containsOnlyOnce("k-queue:ID:1");
    }

    @Test
    void theReportOfAnUnreadableInputGoesWhereItsIntakeRouteSays() {
        SourceReport unreadable =
                new SourceReport(null, "queue:ID:7", "unreadable", "empty", 0, 0, 0, 0, Map.of(), null, null);
        assertThat(outputs.ofReport(unreadable, "queue")).containsExactly("ledger", "jdbc", "queue");
        assertThat(outputs.ofReport(unreadable, null)).containsExactly("ledger", "csv", "jdbc");
    }

    @Test
    void ledgerIsAlwaysOnAndAnIntakeMayChooseItsOwn() {
        assertThat(outputs.outputsFor("file")).containsExactly("ledger", "csv", "jdbc");
        assertThat(outputs.outputsFor("sftp")).containsExactly("ledger", "csv", "jdbc");
        assertThat(outputs.outputsFor("queue")).containsExactly("ledger", "jdbc");
    }

    @Test
    void theFanOutsAskForTheWantedOutputsPlusTheIntakesOwn() {
        assertThat(outputs.ofResults(List.of(entry("a.txt")))).containsExactly("ledger", "csv", "jdbc");
        assertThat(outputs.ofResults(List.of(entry("queue:ID:1")))).containsExactly("ledger", "jdbc", "queue");
        assertThat(outputs.ofResults(List.of())).isEmpty();
        assertThat(outputs.ofReport(report("a.txt"), null)).containsExactly("ledger", "csv", "jdbc");
        assertThat(outputs.ofReport(report("queue:ID:1"), null)).containsExactly("ledger", "jdbc", "queue");
        assertThat(outputs.ofChanges()).containsExactly("ledger", "csv", "jdbc", "watchlist");
        assertThat(new Outputs("mail", Map.of("watchlist", "ledger"), key -> Outputs.FILE).ofChanges())
                .containsExactly("ledger", "watchlist");
        assertThat(new Outputs("mail", Map.of(), key -> Outputs.FILE).ofChanges())
                .contains("mail");
    }

    @Test
    void groupsABatchByIntakeKeepingTheOrder() {
        LedgerEntry a = entry("a.txt");
        LedgerEntry q = entry("queue:ID:1");
        LedgerEntry b = entry("b.txt");
        assertThat(outputs.byIntake(List.of(a, q, b))).containsExactly(List.of(a, b), List.of(q));
    }

    @Test
    void anUnknownOutputIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> new Outputs("ledger,kafka", Map.of(), key -> Outputs.FILE).check())
                .hasMessageContaining("'kafka'")
                .hasMessageContaining("known: ledger, csv, jdbc, mail");
        new Outputs("ledger,csv,jdbc,mail", Map.of(), key -> Outputs.FILE).check();
    }

    private static LedgerEntry entry(String source) {
        return LedgerEntry.unanswered("k-" + source, source, "license", "US1", Status.FAILED, "X", "x", Instant.EPOCH);
    }

    private static SourceReport report(String source) {
        return new SourceReport("k-" + source, source, null, null, 0, 0, 0, 0, Map.of(), null, null);
    }

    @Test
    void anOutputIsInUseWhenAnyIntakeNamesIt() {
        Outputs perIntake = new Outputs("ledger", Map.of("queue", "mail", "sftp", "csv"), key -> Outputs.FILE);
        assertThat(perIntake.has("mail")).isTrue();
        assertThat(perIntake.has("csv")).isTrue();
        assertThat(perIntake.has("ledger")).isTrue();
        assertThat(perIntake.has("jdbc")).isFalse();
    }
}
