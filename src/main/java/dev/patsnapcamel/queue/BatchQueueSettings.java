package dev.patsnapcamel.queue;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;

import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several nodes: the broker's address settings that the batch queue needs, set at start-up through
 * Artemis' management address when this node's broker account may manage it, else only named in a warning
 * (the operator sets them in {@code broker.xml}, see docs/cluster.md):
 * <ul>
 *   <li>{@code max-delivery-attempts = -1}: a batch rolled back again and again (the account stopped, the
 *       daily pause) is never moved to a dead-letter address or dropped;</li>
 *   <li>{@code redelivery-delay}: a rolled-back batch waits that long before it is offered again;</li>
 *   <li>no auto-deletion of the queue or its address, which would drop the duplicate-id cache.</li>
 * </ul>
 */
public final class BatchQueueSettings {

    private static final Logger LOG = LoggerFactory.getLogger(BatchQueueSettings.class);

    /** Artemis' management address. */
    static final String MANAGEMENT = "activemq.management";
    /** How long the broker's answer is waited for. */
    static final long ANSWER_WAIT_MS = 10_000;

    private BatchQueueSettings() {}

    /** The address settings, as JSON for Artemis' {@code addAddressSettings}. */
    static String json(long redeliveryDelayMs) {
        return "{\"maxDeliveryAttempts\":-1,\"redeliveryDelay\":" + redeliveryDelayMs
                + ",\"autoDeleteQueues\":false,\"autoDeleteAddresses\":false}";
    }

    /**
     * Asks the broker to apply the settings to the queue's address.
     *
     * @return whether the broker applied them
     */
    public static boolean apply(ConnectionFactory factory, String queue, long redeliveryDelayMs) {
        String settings = json(redeliveryDelayMs);
        try (Connection connection = factory.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            TemporaryQueue replies = session.createTemporaryQueue();
            Message request = session.createMessage();
            request.setJMSReplyTo(replies);
            JMSManagementHelper.putOperationInvocation(
                    request, ResourceNames.BROKER, "addAddressSettings", queue, settings);
            try (MessageProducer producer = session.createProducer(session.createQueue(MANAGEMENT));
                    MessageConsumer answers = session.createConsumer(replies)) {
                producer.send(request);
                Message reply = answers.receive(ANSWER_WAIT_MS);
                if (reply != null && JMSManagementHelper.hasOperationSucceeded(reply)) {
                    LOG.info("Batch queue {}: address settings {} set on the broker", queue, settings);
                    return true;
                }
                LOG.warn(
                        "Batch queue {}: the broker did not take the address settings {} ({}); they must be in its"
                                + " broker.xml, or a batch rolled back often could go to a dead-letter address",
                        queue,
                        settings,
                        reply == null ? "no answer" : JMSManagementHelper.getResult(reply));
            }
        } catch (Exception e) {
            LOG.warn(
                    "Batch queue {}: cannot set the address settings {} on the broker ({}); they must be in its"
                            + " broker.xml, or a batch rolled back often could go to a dead-letter address",
                    queue,
                    settings,
                    e.toString());
        }
        return false;
    }
}
