package dev.patsnapcamel.flow;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import dev.patsnapcamel.model.Headers;
import dev.patsnapcamel.model.SourceReport;

/**
 * Keeps the outcome of each report output run before a report is written (as the aggregation strategy
 * of that multicast in {@code report-write}, whose branch for output {@code x} sets {@link Headers#OUTPUT} to
 * {@code x} before calling {@code direct:report-to-x}), and adds {@code outputs} to the report from it (see
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
        // the branch of an output that this source does not want ran nothing and names none
        String output = newExchange.getProperty(Headers.OUTPUT, String.class);
        if (output != null) {
            boolean failed = OutputOutcome.failed(newExchange);
            String state = failed
                    ? Outputs.FAILED
                    : Outputs.PENDING.equals(newExchange.getProperty(Headers.OUTPUT_STATE, String.class))
                            ? Outputs.PENDING
                            : Outputs.DONE;
            states.put(output, state);
        }
        // an output's failure is its own (alerted there): it never keeps the report from being written
        result.setException(null);
        result.removeProperty(Headers.OUTPUT_STATE);
        result.removeProperty(Headers.OUTPUT);
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
        report.more()
                .put("outputs", outputs.states(report, exchange.getProperty(Headers.INTAKE, String.class), states));
        exchange.removeProperty(Headers.OUTPUT_STATES);
        exchange.removeProperty(Headers.CAUGHT_BEFORE_OUTPUTS);
    }
}
