package dev.patsnapcamel.queue;

import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

import dev.patsnapcamel.model.Headers;

/**
 * The headers a message the bundle sends to a queue (result, completion, dead letter) carries: the
 * correlation id and the {@code Patsnap*} properties listed here, nothing else. Whatever else an
 * exchange picked up on its way (HTTP headers of an API call, the JMS headers of the request, Camel's
 * own) stays out of the message. Incoming headers are not filtered.
 */
public final class QueueHeaders implements HeaderFilterStrategy {

    public static final String CORRELATION_ID = "JMSCorrelationID";

    /** Every header an outgoing message may carry. */
    public static final Set<String> OUTGOING = Set.of(
            CORRELATION_ID,
            Headers.MESSAGE_TYPE,
            Headers.SOURCE,
            Headers.ENDPOINT,
            Headers.QUERY,
            Headers.STATUS,
            Headers.ERROR,
            Headers.REQUEST_ID,
            Headers.ENDPOINTS,
            Headers.FORMAT);

    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return !OUTGOING.contains(name);
    }

    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        return false;
    }
}
