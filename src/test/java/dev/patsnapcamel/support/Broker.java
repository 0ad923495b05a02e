package dev.patsnapcamel.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * A real ActiveMQ Artemis broker in the test's JVM: one acceptor on a free port of 127.0.0.1 that
 * speaks both the core protocol (JMS) and AMQP 1.0, a persistent journal under the given folder (so
 * that a stop and a start keep the messages), and one user with every permission. Also a small JMS
 * client for either protocol.
 */
public final class Broker implements AutoCloseable {

    public static final String USER = "patsnap";
    public static final String PASSWORD = "queue-s3cret";

    private final Path dir;
    private final int port;
    private EmbeddedActiveMQ server;
    private boolean diskSync = true;

    public Broker(Path dir) {
        this.dir = dir;
        this.port = freePort();
    }

    /**
     * The journal is written but not forced to disk on every commit (it still survives a stop and a
     * start of the broker, not a power cut): for the benchmark, so that this machine's disk does not
     * set the pace.
     */
    public Broker withoutDiskSync() {
        diskSync = false;
        return this;
    }

    public Broker start() {
        // the broker's audit log (every message sent and received) would drown the bundle's log
        Configurator.setLevel("org.apache.activemq.audit", Level.WARN);
        Configuration config = new ConfigurationImpl()
                .setName("test-broker")
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dir.resolve("large").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setSecurityEnabled(true)
                .setJournalDatasync(diskSync)
                .setJournalSyncTransactional(diskSync)
                .setJournalSyncNonTransactional(diskSync);
        config.putSecurityRoles(
                "#",
                Set.of(new Role("client", true, true, true, true, true, true, true, true, true, true, true, true)));
        try {
            config.addAcceptorConfiguration("both", "tcp://127.0.0.1:" + port + "?protocols=CORE,AMQP");
            SecurityConfiguration users = new SecurityConfiguration();
            users.addUser(USER, PASSWORD);
            users.addRole(USER, "client");
            server = new EmbeddedActiveMQ()
                    .setConfiguration(config)
                    .setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the broker", e);
        }
        return this;
    }

    public void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the broker", e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The URL for the JMS (Artemis core protocol) intake. */
    public String coreUrl() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The URL for the AMQP intake. */
    public String amqpUrl() {
        return "amqp://127.0.0.1:" + port;
    }

    public ConnectionFactory coreClient() {
        return new ActiveMQConnectionFactory(coreUrl(), USER, PASSWORD);
    }

    public ConnectionFactory amqpClient() {
        return new JmsConnectionFactory(USER, PASSWORD, amqpUrl());
    }

    /** Messages waiting in a queue (0 when it does not exist yet). */
    public long waiting(String queue) {
        Queue q = server.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return q == null ? 0 : q.getMessageCount();
    }

    /** Consumers attached to a queue (0 when it does not exist yet). */
    public int consumers(String queue) {
        Queue q = server.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return q == null ? 0 : q.getConsumerCount();
    }

    /** Drops every message of a queue. */
    public void purge(String queue) {
        Queue q = server.getActiveMQServer().locateQueue(SimpleString.of(queue));
        if (q != null) {
            try {
                q.deleteAllReferences();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Something that builds a message in a session. */
    public interface MessageMaker {
        Message make(Session session) throws JMSException;
    }

    /** Sends persistent messages to a queue; returns their message ids. */
    public static List<String> send(ConnectionFactory factory, String queue, List<MessageMaker> messages) {
        List<String> ids = new ArrayList<>();
        try (Connection connection = factory.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            for (MessageMaker maker : messages) {
                Message message = maker.make(session);
                producer.send(message);
                ids.add(message.getJMSMessageID());
            }
        } catch (JMSException e) {
            throw new IllegalStateException("cannot send to " + queue, e);
        }
        return ids;
    }

    /** A message as received: its ids, string properties and body (text, or bytes also as UTF-8). */
    public record Received(
            String messageId,
            String correlationId,
            Map<String, String> properties,
            String body,
            byte[] bytes,
            boolean text) {

        public String property(String name) {
            return properties.get(name);
        }
    }

    /** Collects every message arriving on a queue until closed. */
    public static final class Listener implements AutoCloseable {
        private final List<Received> received = new CopyOnWriteArrayList<>();
        private final ConnectionFactory factory;
        private final String queue;
        private Connection connection;

        Listener(ConnectionFactory factory, String queue) throws JMSException {
            this.factory = factory;
            this.queue = queue;
            connect();
        }

        private void connect() throws JMSException {
            connection = factory.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createQueue(queue)).setMessageListener(m -> received.add(read(m)));
            connection.start();
        }

        /** Everything received so far. */
        public List<Received> received() {
            return List.copyOf(received);
        }

        /** Listens again after the broker was restarted, keeping what was received before. */
        public void reconnect() throws JMSException {
            try {
                connection.close();
            } catch (JMSException | RuntimeException gone) {
                // the old connection died with the broker
            }
            connect();
        }

        @Override
        public void close() throws JMSException {
            connection.close();
        }

        private static Received read(Message m) {
            try {
                Map<String, String> properties = new LinkedHashMap<>();
                for (Enumeration<?> names = m.getPropertyNames(); names.hasMoreElements(); ) {
                    String name = (String) names.nextElement();
                    properties.put(name, m.getStringProperty(name));
                }
                String body = null;
                byte[] bytes = null;
                if (m instanceof TextMessage t) {
                    body = t.getText();
                    bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
                } else if (m instanceof BytesMessage b) {
                    bytes = new byte[(int) b.getBodyLength()];
                    b.readBytes(bytes);
                    body = new String(bytes, StandardCharsets.UTF_8);
                }
                return new Received(
                        m.getJMSMessageID(),
                        m.getJMSCorrelationID(),
                        properties,
                        body,
                        bytes,
                        m instanceof TextMessage);
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Starts collecting the messages of a queue (close the listener to stop). */
    public static Listener listen(ConnectionFactory factory, String queue) {
        try {
            return new Listener(factory, queue);
        } catch (JMSException e) {
            throw new IllegalStateException("cannot listen to " + queue, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
