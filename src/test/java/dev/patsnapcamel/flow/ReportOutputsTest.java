package dev.patsnapcamel.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.SourceReport;

class ReportOutputsTest {

    private final Outputs outputs =
            new Outputs("csv,jdbc,mail", Map.of(), key -> key.startsWith("q") ? "queue" : "file");
    private final ReportOutputs reportOutputs = new ReportOutputs(outputs);
    private final DefaultCamelContext context = new DefaultCamelContext();

    @Test
    void aBranchThatRanNothingNamesNoOutput() {
        Exchange skipped = outcome(null, null, null);
        Exchange result = reportOutputs.aggregate(null, skipped);
        result = reportOutputs.aggregate(result, outcome("csv", null, null));
        @SuppressWarnings("unchecked")
        Map<String, String> states = result.getProperty(Headers.OUTPUT_STATES, Map.class);
        assertThat(states).containsExactly(Map.entry("csv", "done"));
        assertThat(result.getProperty(Headers.OUTPUT)).isNull();
    }

    @Test
    void theReportListsEveryOutputWithItsStateAfterTheContractFields() throws Exception {
        SourceReport report = report("q1", "queue:ID:1");
        Exchange first = outcome("csv", null, null);
        Exchange second = outcome("jdbc", null, "pending");
        Exchange result = reportOutputs.aggregate(null, first);
        result = reportOutputs.aggregate(result, second);
        Exchange failing = outcome("watchlist", new IllegalStateException("disk full"), null);
        result = reportOutputs.aggregate(result, failing);
        assertThat(result.getException()).isNull();

        result.getMessage().setBody(report);
        reportOutputs.describe(result);
        JsonNode json = new ObjectMapper().valueToTree(report);
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields)
                .containsExactly(
                        "source",
                        "status",
                        "ids_read",
                        "ids_unique",
                        "duplicates",
                        "rejected_locally",
                        "endpoints",
                        "started_at",
                        "finished_at",
                        "outputs");
        assertThat(json.get("outputs").toString())
                .isEqualTo(
                        "{\"ledger\":\"done\",\"csv\":\"done\",\"jdbc\":\"pending\",\"mail\":\"pending\",\"queue\":\"pending\"}");
    }

    @Test
    void aFailedOutputIsListedAsFailed() {
        SourceReport report = report("f1", "a.txt");
        Exchange result = reportOutputs.aggregate(null, outcome("csv", null, null));
        Exchange handled = outcome("jdbc", null, null);
        handled.setProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, new IllegalStateException("db down"));
        result = reportOutputs.aggregate(result, handled);
        result.getMessage().setBody(report);
        reportOutputs.describe(result);
        assertThat(report.more().get("outputs"))
                .isEqualTo(Map.of("ledger", "done", "csv", "done", "jdbc", "failed", "mail", "pending"));
    }

    /** The exchange of the fan-out's branch for {@code output} ({@code null}: a branch whose output is not wanted). */
    private Exchange outcome(String output, Exception failure, String state) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(Headers.OUTPUT, output);
        exchange.setException(failure);
        if (state != null) {
            exchange.setProperty(Headers.OUTPUT_STATE, state);
        }
        return exchange;
    }

    private static SourceReport report(String key, String source) {
        return new SourceReport(
                key, source, "complete", null, 1, 1, 0, 0, Map.of(), "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z");
    }
}
