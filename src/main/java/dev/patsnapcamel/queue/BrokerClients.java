package dev.patsnapcamel.queue;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.jms.policy.JmsDefaultDeserializationPolicy;

/**
 * The connection factories of the queue intake, one per protocol, that never turn a message body into
 * a Java object: Java deserialization is denied for every class ({@code *} on the deny list, nothing on
 * the allow list), whatever the broker URL's options say. The intake does not read object messages at
 * all (they are dead-lettered unread); this is the second lock, should anything ever ask for one's body.
 */
public final class BrokerClients {

    /** Deny list entry that matches every class, in both clients. */
    static final String EVERY_CLASS = "*";

    private BrokerClients() {}

    /** ActiveMQ Artemis, core protocol. */
    public static ActiveMQConnectionFactory artemis(String url, String username, String password) {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url, username, password);
        factory.setDeserializationAllowList("");
        factory.setDeserializationDenyList(EVERY_CLASS);
        return factory;
    }

    /** AMQP 1.0, Qpid JMS. */
    public static JmsConnectionFactory amqp(String url, String username, String password) {
        JmsConnectionFactory factory = new JmsConnectionFactory(username, password, url);
        JmsDefaultDeserializationPolicy policy = new JmsDefaultDeserializationPolicy();
        policy.setAllowList("");
        policy.setDenyList(EVERY_CLASS);
        factory.setDeserializationPolicy(policy);
        return factory;
    }
}
