package dev.patsnapcamel.flow;

import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.SourceReport;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class ReportOutputsTest {

    private static final Set<String> ROUTES = Set.of("report-to-csv", "report-to-jdbc", "report-to-mail",
            "results-to-jdbc", "results-to-queue", "report-to-queue", "report-to-watchlist");

    private final Outputs outputs = new Outputs("csv,jdbc,mail", Map.of(), ROUTES::contains,
            key -> key.startsWith("q") ? "queue" : "file");
    private final ReportOutputs reportOutputs = new ReportOutputs(outputs);
    private final DefaultCamelContext context = new DefaultCamelContext();

    @Test
    void theOutputsThatMakeFilesRunBeforeTheReportAndTheOnesThatSendItOnAfter() {
        SourceReport file = report("f1", "queue:ID:1");
        assertThat(outputs.fileReportRecipients(file, null)).isEqualTo("direct:report-to-csv,direct:report-to-jdbc");
        assertThat(outputs.noticeReportRecipients(file, null)).isEqualTo("direct:report-to-mail");
        SourceReport request = report("q1", "queue:ID:1");
        assertThat(outputs.fileReportRecipients(request, null)).isEqualTo("direct:report-to-csv,direct:report-to-jdbc");
        assertThat(outputs.noticeReportRecipients(request, null)).isEqualTo("direct:report-to-mail,direct:report-to-queue");
    }

    @Test
    void theReportListsEveryOutputWithItsStateAfterTheContractFields() throws Exception {
        SourceReport report = report("q1", "queue:ID:1");
        Exchange first = outcome("direct://report-to-csv", null, null);
        Exchange second = outcome("direct://report-to-jdbc", null, "pending");
        Exchange result = reportOutputs.aggregate(null, first);
        result = reportOutputs.aggregate(result, second);
        Exchange failing = outcome("direct://report-to-watchlist", new IllegalStateException("disk full"), null);
        result = reportOutputs.aggregate(result, failing);
        assertThat(result.getException()).isNull();

        result.getMessage().setBody(report);
        reportOutputs.describe(result);
        JsonNode json = new ObjectMapper().valueToTree(report);
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("source", "status", "ids_read", "ids_unique", "duplicates", "rejected_locally",
                "endpoints", "started_at", "finished_at", "outputs");
        assertThat(json.get("outputs").toString()).isEqualTo(
                "{\"ledger\":\"done\",\"csv\":\"done\",\"jdbc\":\"pending\",\"mail\":\"pending\",\"queue\":\"pending\"}");
        assertThat(ReportOutputs.outputName("direct://report-to-watchlist")).isEqualTo("watchlist");
    }

    @Test
    void aFailedOutputIsListedAsFailed() {
        SourceReport report = report("f1", "a.txt");
        Exchange result = reportOutputs.aggregate(null, outcome("direct://report-to-csv", null, null));
        Exchange handled = outcome("direct://report-to-jdbc", null, null);
        handled.setProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, new IllegalStateException("db down"));
        result = reportOutputs.aggregate(result, handled);
        result.getMessage().setBody(report);
        reportOutputs.describe(result);
        assertThat(report.more().get("outputs")).isEqualTo(Map.of("ledger", "done", "csv", "done", "jdbc", "failed",
                "mail", "pending"));
    }

    private Exchange outcome(String uri, Exception failure, String state) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(ExchangePropertyKey.RECIPIENT_LIST_ENDPOINT, uri);
        exchange.setException(failure);
        if (state != null) {
            exchange.setProperty(Headers.OUTPUT_STATE, state);
        }
        return exchange;
    }

    private static SourceReport report(String key, String source) {
        return new SourceReport(key, source, "complete", null, 1, 1, 0, 0, Map.of(), "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:01Z");
    }
}
