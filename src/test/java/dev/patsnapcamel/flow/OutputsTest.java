package dev.patsnapcamel.flow;

import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.model.SourceReport;
import dev.patsnapcamel.model.Status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class OutputsTest {

    private static final Set<String> ROUTES = Set.of("results-to-jdbc", "report-to-csv", "report-to-mail",
            "changes-to-mail", "results-to-queue", "report-to-queue");

    /** The intake kinds as the state database would have recorded them, by source key. */
    private final Map<String, String> recorded = new HashMap<>(Map.of("k-a.txt", "file", "k-b.txt", "file",
            "k-queue:ID:1", "queue", "k-sftp:host/in/a.txt", "sftp", "k-file-named-queue", "file"));
    private final List<String> lookedUp = new ArrayList<>();
    private final Outputs outputs = new Outputs("csv, JDBC", Map.of("queue", "jdbc", "sftp", " "), ROUTES::contains,
            key -> {
                lookedUp.add(key);
                return recorded.getOrDefault(key, Outputs.FILE);
            });

    @Test
    void tellsIntakesApartByTheRecordedKindNeverByTheName() {
        assertThat(outputs.intakeOf(entry("a.txt"))).isEqualTo("file");
        assertThat(outputs.intakeOf(entry("sftp:host/in/a.txt"))).isEqualTo("sftp");
        assertThat(outputs.intakeOf(entry("queue:ID:1"))).isEqualTo("queue");
        // a file named like a queue request is a file: its lines go to no queue
        LedgerEntry lookalike = LedgerEntry.unanswered("k-file-named-queue", "queue:ID:1", "license", "US1",
                Status.FAILED, "X", "x", Instant.EPOCH);
        assertThat(outputs.intakeOf(lookalike)).isEqualTo("file");
        assertThat(outputs.resultRecipients(List.of(lookalike))).isEqualTo("direct:results-to-jdbc");
        assertThat(outputs.reportRecipients(new SourceReport("k-file-named-queue", "queue:ID:1", null, null, 0, 0, 0, 0,
                Map.of(), null, null), null)).isEqualTo("direct:report-to-csv");
        // an unknown key is a file, and the kind is looked up once per source
        assertThat(outputs.intakeOf(entry("unknown"))).isEqualTo("file");
        outputs.intakeOf(entry("queue:ID:1"));
        assertThat(lookedUp).containsOnlyOnce("k-queue:ID:1");
    }

    @Test
    void theReportOfAnUnreadableInputGoesWhereItsIntakeRouteSays() {
        SourceReport unreadable = new SourceReport(null, "queue:ID:7", "unreadable", "empty", 0, 0, 0, 0, Map.of(), null,
                null);
        assertThat(outputs.reportRecipients(unreadable, "queue")).isEqualTo("direct:report-to-queue");
        assertThat(outputs.reportRecipients(unreadable, null)).isEqualTo("direct:report-to-csv");
    }

    @Test
    void ledgerIsAlwaysOnAndAnIntakeMayChooseItsOwn() {
        assertThat(outputs.outputsFor("file")).containsExactly("ledger", "csv", "jdbc");
        assertThat(outputs.outputsFor("sftp")).containsExactly("ledger", "csv", "jdbc");
        assertThat(outputs.outputsFor("queue")).containsExactly("ledger", "jdbc");
    }

    @Test
    void recipientsAreTheRoutesOfTheWantedOutputsPlusTheIntakesOwn() {
        assertThat(outputs.resultRecipients(List.of(entry("a.txt")))).isEqualTo("direct:results-to-jdbc");
        assertThat(outputs.resultRecipients(List.of(entry("queue:ID:1"))))
                .isEqualTo("direct:results-to-jdbc,direct:results-to-queue");
        assertThat(outputs.resultRecipients(List.of())).isEmpty();
        assertThat(outputs.reportRecipients(report("a.txt"), null)).isEqualTo("direct:report-to-csv");
        assertThat(outputs.reportRecipients(report("queue:ID:1"), null)).isEqualTo("direct:report-to-queue");
        assertThat(outputs.changeRecipients()).isEmpty();
        assertThat(new Outputs("mail", Map.of(), ROUTES::contains, key -> Outputs.FILE).changeRecipients())
                .isEqualTo("direct:changes-to-mail");
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
        assertThatThrownBy(() -> new Outputs("ledger,kafka", Map.of(), ROUTES::contains, key -> Outputs.FILE).check())
                .hasMessageContaining("'kafka'").hasMessageContaining("known: ledger, csv, jdbc, mail");
        new Outputs("ledger,csv,jdbc,mail", Map.of(), ROUTES::contains, key -> Outputs.FILE).check();
    }

    private static LedgerEntry entry(String source) {
        return LedgerEntry.unanswered("k-" + source, source, "license", "US1", Status.FAILED, "X", "x", Instant.EPOCH);
    }

    private static SourceReport report(String source) {
        return new SourceReport("k-" + source, source, null, null, 0, 0, 0, 0, Map.of(), null, null);
    }
}
