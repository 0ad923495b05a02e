package dev.patsnapcamel.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class OutputsTest {

    private static final Set<String> ROUTES = Set.of("results-to-jdbc", "report-to-csv", "report-to-mail",
            "changes-to-mail", "results-to-queue", "report-to-queue");

    private final Outputs outputs = new Outputs("csv, JDBC", Map.of("queue", "jdbc", "sftp", " "), ROUTES::contains);

    @Test
    void tellsIntakesApartByTheSourcePrefix() {
        assertThat(Outputs.intakeOf("batch.txt")).isEqualTo("file");
        assertThat(Outputs.intakeOf("sftp:host/in/a.txt")).isEqualTo("sftp");
        assertThat(Outputs.intakeOf("queue:ID:42")).isEqualTo("queue");
        assertThat(Outputs.intakeOf("watchlist:watchlist.txt:2026-11-21T02:00:00Z")).isEqualTo("watchlist");
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
        assertThat(outputs.reportRecipients(report("a.txt"))).isEqualTo("direct:report-to-csv");
        assertThat(outputs.reportRecipients(report("queue:ID:1"))).isEqualTo("direct:report-to-queue");
        assertThat(outputs.changeRecipients()).isEmpty();
        assertThat(new Outputs("mail", Map.of(), ROUTES::contains).changeRecipients())
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
        assertThatThrownBy(() -> new Outputs("ledger,kafka", Map.of(), ROUTES::contains).check())
                .hasMessageContaining("'kafka'").hasMessageContaining("known: ledger, csv, jdbc, mail");
        new Outputs("ledger,csv,jdbc,mail", Map.of(), ROUTES::contains).check();
    }

    private static LedgerEntry entry(String source) {
        return LedgerEntry.unanswered("k-" + source, source, "license", "US1", Status.FAILED, "X", "x", Instant.EPOCH);
    }

    private static SourceReport report(String source) {
        return new SourceReport("k", source, null, null, 0, 0, 0, 0, Map.of(), null, null);
    }
}
