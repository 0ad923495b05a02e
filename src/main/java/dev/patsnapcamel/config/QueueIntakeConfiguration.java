package dev.patsnapcamel.config;

import java.time.Clock;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.amqp.AMQPComponent;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

import dev.patsnapcamel.ops.SafeUri;
import dev.patsnapcamel.queue.BrokerClients;
import dev.patsnapcamel.queue.BrokerTransaction;
import dev.patsnapcamel.queue.QueueHeaders;
import dev.patsnapcamel.queue.QueueRequests;
import dev.patsnapcamel.state.QueueRequestRecords;
import dev.patsnapcamel.state.StateStore;

/**
 * The queue intake (routes intake-jms, intake-amqp, intake-queue-request, results-to-queue, report-to-queue,
 * present only when {@code intake.jms.enabled} or {@code intake.amqp.enabled}): the bean that names and answers
 * requests ({@code queueRequests}, {@code queueHeaders}) and a Camel component per enabled broker, {@code jms}
 * (ActiveMQ Artemis, core protocol) and {@code amqp} (AMQP 1.0, Qpid JMS). Each consumes through the broker's
 * own connection factory (Camel's listener container reconnects after an outage every
 * {@code intake.queue.recovery-interval}) and sends answers through a caching one (one connection, reused
 * sessions and producers), with a {@code <broker>Transaction} ({@link BrokerTransaction}) over that one, in
 * which the results of a batch go out together. Nothing is built when both are off.
 */
public class QueueIntakeConfiguration implements FeatureConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(QueueIntakeConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        boolean jms = settings.flag("intake.jms.enabled");
        boolean amqp = settings.flag("intake.amqp.enabled");
        if (!jms && !amqp) {
            return;
        }
        QueueRequestRecords requests = new QueueRequestRecords(Beans.need(context, "stateStore", StateStore.class));
        Registry registry = context.getRegistry();
        registry.bind(
                "queueRequests",
                new QueueRequests(
                        requests,
                        settings.list("patsnap.endpoints"),
                        Clock.systemUTC(),
                        settings.integer("intake.queue.max-message-bytes"),
                        settings.integer("intake.queue.max-header-length")));
        registry.bind("queueHeaders", new QueueHeaders());
        if (jms) {
            bindBroker(context, settings, "jms");
        }
        if (amqp) {
            bindBroker(context, settings, "amqp");
        }
    }

    private static void bindBroker(CamelContext context, Settings settings, String broker) throws Exception {
        String prefix = "intake." + broker + ".";
        String url = settings.text(prefix + "url");
        if (url.isEmpty()) {
            throw new IllegalArgumentException(prefix + "enabled is true but " + prefix + "url is not set");
        }
        String username = settings.text(prefix + "username");
        String password = settings.secret(prefix + "password");
        username = username.isEmpty() ? null : username;
        password = password.isEmpty() ? null : password;
        jakarta.jms.ConnectionFactory receiving;
        JmsComponent component;
        if (broker.equals("jms")) {
            ActiveMQConnectionFactory artemis = BrokerClients.artemis(url, username, password);
            context.addService(new Closing(artemis), true, true);
            receiving = artemis;
            component = new JmsComponent();
        } else {
            receiving = BrokerClients.amqp(url, username, password);
            component = new AMQPComponent();
        }
        CachingConnectionFactory sending = new CachingConnectionFactory(receiving);
        sending.setSessionCacheSize(settings.integer("patsnap.max-in-flight") + 2);
        context.addService(new Closing(sending::destroy), true, true);
        component.getConfiguration().setConnectionFactory(receiving);
        component.getConfiguration().setListenerConnectionFactory(receiving);
        component.getConfiguration().setTemplateConnectionFactory(sending);
        context.getRegistry().bind(broker, component);
        // the results of a batch go out in one transaction of the sending connection factory (results-to-broker)
        context.getRegistry().bind(broker + "Transaction", new BrokerTransaction(broker + "Transaction", sending));
        LOG.info(
                "Queue intake over {}: {}{}",
                broker.equals("jms") ? "JMS (Artemis core protocol)" : "AMQP 1.0",
                SafeUri.of(url),
                username == null ? "" : " as " + username);
    }
}
