package dev.patsnapcamel.queue;

import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * The headers a message the bundle sends to a queue (result, completion, dead letter) carries: the
 * correlation id and the {@code Patsnap*} properties listed here, nothing else. Whatever else an
 * exchange picked up on its way (HTTP headers of an API call, the JMS headers of the request, Camel's
 * own) stays out of the message. Incoming headers are not filtered.
 */
public final class QueueHeaders implements HeaderFilterStrategy {

    public static final String CORRELATION_ID = "JMSCorrelationID";
    public static final String MESSAGE_TYPE = "PatsnapMessageType";
    public static final String SOURCE = "PatsnapSource";
    public static final String ENDPOINT = "PatsnapEndpoint";
    public static final String QUERY = "PatsnapQuery";
    public static final String STATUS = "PatsnapStatus";
    public static final String ERROR = "PatsnapError";
    public static final String REQUEST_ID = "PatsnapRequestId";
    public static final String ENDPOINTS = "PatsnapEndpoints";
    public static final String FORMAT = "PatsnapFormat";

    /** Every header an outgoing message may carry. */
    public static final Set<String> OUTGOING = Set.of(CORRELATION_ID, MESSAGE_TYPE, SOURCE, ENDPOINT, QUERY, STATUS,
            ERROR, REQUEST_ID, ENDPOINTS, FORMAT);

    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return !OUTGOING.contains(name);
    }

    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        return false;
    }
}
