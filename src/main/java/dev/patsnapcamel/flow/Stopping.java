package dev.patsnapcamel.flow;

import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.patsnapcamel.api.PatsnapCallException;
import dev.patsnapcamel.api.Treatment;

/**
 * Makes a stop (SIGTERM, SIGINT, the context stopping) quick without losing or doubling anything: from the
 * moment the context starts stopping, no new PatSnap call leaves. A batch that reaches
 * {@link #check()} (before its attempt, and again after its turn under the rate) fails as
 * {@link PatsnapCallException.Suspending}, which keeps it in its aggregation repository, where the next
 * start finds it; batches still filling stay there too (the aggregators do not complete them on stop).
 * Calls already sent finish and settle their IDs within the shutdown time-out.
 */
public final class Stopping extends LifecycleStrategySupport {

    private static final Logger LOG = LoggerFactory.getLogger(Stopping.class);

    private volatile boolean stopping;

    @Override
    public void onContextStopping(CamelContext context) {
        if (!stopping) {
            stopping = true;
            LOG.info("Stopping: calls under way finish; batches not yet called stay parked for the next start");
        }
    }

    /** Whether the bundle is stopping. */
    public boolean stopping() {
        return stopping;
    }

    /** Refuses a call that has not left yet once the bundle is stopping (its batch stays parked). */
    public void check() {
        if (stopping) {
            throw new PatsnapCallException.Suspending(
                    "STOPPING", "the bundle is stopping: the batch stays parked", Treatment.STOP_ACCOUNT);
        }
    }
}
