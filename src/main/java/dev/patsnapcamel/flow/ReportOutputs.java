package dev.patsnapcamel.flow;

import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.SourceReport;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;

/**
 * Keeps the outcome of each report output run before a report is written (as the aggregation strategy
 * of that recipient list in {@code report-write}), and adds {@code outputs} to the report from it (see
 * {@link Outputs#states}). A failing output does not stop the report: it is recorded as {@code failed}
 * (the output's own error handling has retried and alerted). A route may say it left work to finish in
 * the background by setting the exchange property {@value Headers#OUTPUT_STATE} to {@code pending}.
 */
public final class ReportOutputs implements AggregationStrategy {


    private final Outputs outputs;

    public ReportOutputs(Outputs outputs) {
        this.outputs = outputs;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange result = oldExchange == null ? newExchange : oldExchange;
        @SuppressWarnings("unchecked")
        Map<String, String> states = result.getProperty(Headers.OUTPUT_STATES, Map.class);
        if (states == null) {
            states = new LinkedHashMap<>();
            result.setProperty(Headers.OUTPUT_STATES, states);
        }
        String uri = newExchange.getProperty(ExchangePropertyKey.RECIPIENT_LIST_ENDPOINT, String.class);
        boolean failed = OutputOutcome.failed(newExchange);
        String state = failed ? Outputs.FAILED
                : Outputs.PENDING.equals(newExchange.getProperty(Headers.OUTPUT_STATE, String.class)) ? Outputs.PENDING : Outputs.DONE;
        states.put(outputName(uri), state);
        // an output's failure is its own (alerted there): it never keeps the report from being written
        result.setException(null);
        result.removeProperty(Headers.OUTPUT_STATE);
        return result;
    }

    /** Notes what the exchange had caught before the outputs run (so that it is not taken for their failure). */
    public void before(Exchange exchange) {
        OutputOutcome.mark(exchange);
    }

    /** Adds {@code outputs} to the report (the body), with the states recorded by {@link #aggregate}. */
    public void describe(Exchange exchange) {
        SourceReport report = exchange.getMessage().getBody(SourceReport.class);
        @SuppressWarnings("unchecked")
        Map<String, String> states = exchange.getProperty(Headers.OUTPUT_STATES, Map.class);
        report.more().put("outputs", outputs.states(report, exchange.getProperty(Headers.INTAKE, String.class),
                states));
        exchange.removeProperty(Headers.OUTPUT_STATES);
        exchange.removeProperty(Headers.CAUGHT_BEFORE_OUTPUTS);
    }

    /** {@code direct://report-to-csv} (as Camel normalises it) or {@code direct:report-to-csv} to {@code csv}. */
    static String outputName(String uri) {
        if (uri == null) {
            return "unknown";
        }
        int at = uri.lastIndexOf("report-to-");
        String name = at < 0 ? uri : uri.substring(at + "report-to-".length());
        int query = name.indexOf('?');
        return query < 0 ? name : name.substring(0, query);
    }
}
