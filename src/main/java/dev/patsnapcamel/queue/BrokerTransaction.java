package dev.patsnapcamel.queue;

import jakarta.jms.ConnectionFactory;

import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.TransactedPolicy;
import org.apache.camel.spi.UnitOfWork;
import org.springframework.jms.connection.JmsTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One broker transaction around the steps of a {@code transacted} block (route {@code results-to-broker}):
 * every message the block sends through the broker's component joins one local JMS transaction of a
 * Spring {@link JmsTransactionManager} over the component's sending connection factory, and the broker
 * confirms them all at once, at the commit, instead of one confirmation per message. If a step fails,
 * nothing of the block was sent (rolled back) and the failure goes to the caller, whose error handler
 * runs the whole block again; if the commit fails, the caller sees that failure the same way. So the
 * messages arrive at least once, never partly, and in the order they were sent.
 * <p>
 * The block runs in the calling thread, synchronously (Camel processes a transacted exchange so): the
 * transaction's session is bound to that thread, where the camel-jms producer finds it.
 */
public final class BrokerTransaction implements TransactedPolicy {

    private final String name;
    private final JmsTransactionManager manager;

    /**
     * @param name    what the transaction is known by in Camel's unit of work, e.g. {@code jmsTransaction}
     * @param sending the connection factory the broker's component sends with (its template connection factory)
     */
    public BrokerTransaction(String name, ConnectionFactory sending) {
        this.name = name;
        this.manager = new JmsTransactionManager(sending);
        this.manager.afterPropertiesSet();
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
        // nothing to prepare: the block's own steps stay as they are
    }

    @Override
    public Processor wrap(Route route, Processor processor) {
        TransactionTemplate template = new TransactionTemplate(manager);
        return exchange -> inTransaction(template, processor, exchange);
    }

    private void inTransaction(TransactionTemplate template, Processor processor, Exchange exchange) {
        UnitOfWork unitOfWork = exchange.getUnitOfWork();
        if (unitOfWork != null) {
            unitOfWork.beginTransactedBy(name);
        }
        boolean transacted = exchange.isTransacted();
        exchange.getExchangeExtension().setTransacted(true);
        try {
            template.executeWithoutResult(status -> {
                try {
                    processor.process(exchange);
                } catch (Exception e) {
                    exchange.setException(e);
                }
                if (exchange.getException() != null || exchange.isRollbackOnly()) {
                    status.setRollbackOnly();
                }
            });
        } catch (RuntimeException commitFailed) {
            // the commit (or the begin) failed: nothing of the block counts as sent
            if (exchange.getException() == null) {
                exchange.setException(commitFailed);
            }
        } finally {
            exchange.getExchangeExtension().setTransacted(transacted);
            if (unitOfWork != null) {
                unitOfWork.endTransactedBy(name);
            }
        }
    }

    @Override
    public String toString() {
        return "BrokerTransaction[" + name + "]";
    }
}
