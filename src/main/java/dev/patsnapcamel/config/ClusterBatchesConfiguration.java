package dev.patsnapcamel.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.ops.SafeUri;
import dev.patsnapcamel.queue.BatchMessage;
import dev.patsnapcamel.queue.BatchQueueSettings;
import dev.patsnapcamel.queue.BrokerClients;
import dev.patsnapcamel.state.BatchTakeover;
import dev.patsnapcamel.state.JdbcBatchRepository;

/**
 * Several nodes, part "batches through the broker" (only when {@code cluster.enabled}): the cluster's
 * Artemis broker ({@code cluster.broker.*}) as the connection factory {@code clusterBroker} (core protocol,
 * no Java deserialization, no prefetch: a message waits on the broker, where any node can take it, until a
 * consumer asks for it) and the Camel component {@code clusterJms} over it (consumers on that factory,
 * sends through a caching one); the batch queue's address settings (see {@link BatchQueueSettings}); the
 * batch message codec ({@code batchMessage}) and the take-over of a gone node's batches
 * ({@code batchTakeover}). Routes {@code batch-enqueue}, {@code batch-dequeue}, {@code batch-takeover}.
 */
public class ClusterBatchesConfiguration implements FeatureConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterBatchesConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        if (!settings.flag("cluster.enabled")) {
            return;
        }
        String url = settings.text("cluster.broker.url");
        if (url.isEmpty()) {
            throw new IllegalArgumentException("cluster.enabled is true but cluster.broker.url is not set");
        }
        String username = settings.text("cluster.broker.username");
        String password = settings.secret("cluster.broker.password");
        ActiveMQConnectionFactory broker =
                BrokerClients.artemis(url, username.isEmpty() ? null : username, password.isEmpty() ? null : password);
        // no messages buffered in a consumer: each waits on the broker for whichever node is free first
        broker.setConsumerWindowSize(0);
        context.addService(new Closing(broker), true, true);
        Registry registry = context.getRegistry();
        registry.bind("clusterBroker", broker);

        CachingConnectionFactory sending = new CachingConnectionFactory(broker);
        sending.setSessionCacheSize(settings.integer("patsnap.max-in-flight") + 2);
        context.addService(new Closing(sending::destroy), true, true);
        JmsComponent jms = new JmsComponent();
        jms.getConfiguration().setConnectionFactory(broker);
        jms.getConfiguration().setListenerConnectionFactory(broker);
        jms.getConfiguration().setTemplateConnectionFactory(sending);
        registry.bind("clusterJms", jms);

        String queue = settings.text("cluster.batch-queue");
        BatchQueueSettings.apply(broker, queue, settings.millis("patsnap.batch.recovery-interval"));
        registry.bind("batchMessage", new BatchMessage(Beans.need(context, "jsonMapper", ObjectMapper.class)));

        List<JdbcBatchRepository> repositories = new ArrayList<>(registry.findByType(JdbcBatchRepository.class));
        repositories.sort(Comparator.comparing(JdbcBatchRepository::name));
        registry.bind("batchTakeover", new BatchTakeover(repositories));
        LOG.info(
                "Batches through the broker {}{}: queue {}, {} consumers",
                SafeUri.of(url),
                username.isEmpty() ? "" : " as " + username,
                queue,
                settings.integer("cluster.batch-consumers"));
    }
}
