package dev.patsnapcamel.flow;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;

import dev.patsnapcamel.model.Headers;

/**
 * Tells whether an output (a branch of the fan-outs of {@code results-publish} or {@code report-write}) failed: its
 * exception, or one its error handling caught (routeConfiguration {@code output-errors} handles and
 * alerts). An exception caught before the outputs were called (a bisected batch, a retried call) is
 * not theirs: {@link #mark} notes it first.
 */
final class OutputOutcome {

    private OutputOutcome() {}

    /** Notes what was caught before the outputs run (call before the fan-out). */
    static void mark(Exchange exchange) {
        Object caught = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT);
        if (caught != null) {
            exchange.setProperty(Headers.CAUGHT_BEFORE_OUTPUTS, caught);
        }
    }

    /** Whether the output that handled this copy of the exchange failed. */
    static boolean failed(Exchange output) {
        if (output.getException() != null) {
            return true;
        }
        Object caught = output.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT);
        return caught != null && caught != output.getProperty(Headers.CAUGHT_BEFORE_OUTPUTS);
    }
}
