package dev.patsnapcamel.e2e;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * The moments the bundle hands its API calls to the HTTP client (an {@code ExchangeSendingEvent} to a
 * {@code vertx-http} endpoint with a business query), with the first ID of each, so that a test can count
 * the rate where the bundle's own turn-taking acts, apart from the sandbox's arrival count.
 */
final class CallsSent extends EventNotifierSupport {

    /** One call handed to the HTTP client: when (nanoTime and epoch ms) and its first ID. */
    record Sent(long nanos, long millis, String firstId) {}

    private final List<Sent> sent = new ArrayList<>();

    /** The watch already on the context, or a new one added to it. */
    static CallsSent on(CamelContext context) throws Exception {
        for (var notifier : context.getManagementStrategy().getEventNotifiers()) {
            if (notifier instanceof CallsSent existing) {
                return existing;
            }
        }
        CallsSent watch = new CallsSent();
        context.getManagementStrategy().addEventNotifier(watch);
        watch.start();
        return watch;
    }

    /** When calls were ready to go: their batch sent to the route of one attempt (epoch ms). */
    private final List<Long> ready = new ArrayList<>();

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeSendingEvent sending
                && sending.getEndpoint().getEndpointUri().equals("direct://call-attempt")) {
            synchronized (ready) {
                ready.add(System.currentTimeMillis());
            }
        }
        if (event instanceof CamelEvent.ExchangeSendingEvent sending
                && sending.getEndpoint().getEndpointUri().startsWith("vertx-http:")
                && sending.getExchange()
                        .getMessage()
                        .getHeader(Exchange.HTTP_QUERY, "", String.class)
                        .contains("patent_")) {
            long nanos = System.nanoTime();
            long millis = System.currentTimeMillis();
            String query = sending.getExchange().getMessage().getHeader(Exchange.HTTP_QUERY, "", String.class);
            String first = query.replaceFirst("^.*?patent_(?:number|id)=([^,&]*).*$", "$1");
            synchronized (sent) {
                sent.add(new Sent(nanos, millis, first));
            }
        }
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeSendingEvent;
    }

    synchronized void clear() {
        synchronized (sent) {
            sent.clear();
        }
        synchronized (ready) {
            ready.clear();
        }
    }

    /** The moments (epoch ms) at which calls were ready to go, before they waited for anything. */
    List<Long> ready() {
        synchronized (ready) {
            return List.copyOf(ready);
        }
    }

    List<Sent> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** The most calls handed over within any sliding window of the given length (as PatSnap counts, from each call on). */
    int maxInAnyWindow(long windowMillis) {
        List<Long> at = sent().stream().map(Sent::nanos).sorted().toList();
        long window = windowMillis * 1_000_000L;
        int max = 0;
        for (int i = 0, j = 0; j < at.size(); j++) {
            while (at.get(j) - at.get(i) >= window) {
                i++;
            }
            max = Math.max(max, j - i + 1);
        }
        return max;
    }
}
