package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.Broker;
import dev.patsnapcamel.support.ClusterServers;
import dev.patsnapcamel.support.Workspace;

/**
 * Several nodes, batches through the broker, on one node in cluster mode: a real PostgreSQL (the shared state
 * database) and a real Artemis broker. Every completed batch goes to the batch queue as a persistent message
 * and comes back from it to be called (the broker counts them); a batch sent twice under one batch id is
 * taken once; a batch whose call cannot happen now (the account stopped) is rolled back to the broker, far
 * more often than a broker's default of 10 delivery attempts, and called once the account is back: nothing
 * is lost, nothing is called twice.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/cluster-batches/inbox",
            "outbox.dir=target/it/cluster-batches/outbox",
            "state.dir=target/it/cluster-batches/data",
            "state.jdbc.username=postgres",
            "state.jdbc.password=postgres",
            "cluster.enabled=true",
            "cluster.node-id=node-a",
            "cluster.broker.username=" + Broker.USER,
            "cluster.broker.password=" + Broker.PASSWORD,
            "cluster.batch-consumers=8",
            "patsnap.endpoints=license,litigation",
            "patsnap.batch.size=20",
            // full batches: the calls this test counts are one per 20 IDs
            "patsnap.batch.timeout=2000",
            "patsnap.batch.recovery-interval=200",
            "patsnap.stop.probe-interval=300"
        })
class ClusterBatchesTest extends SandboxedBundleTest {

    static final String QUEUE = "patsnap.batches";
    static final String LICENSE = "/advanced-patent-data/license-data";
    static final String LITIGATION = "/high-value-data/litigation";
    static final Workspace workspace = new Workspace("cluster-batches").wipe();
    static final EmbeddedPostgres POSTGRES = ClusterServers.stateDatabase();
    static final Broker BROKER = ClusterServers.clusterBroker("cluster-batches");

    @BeanInject
    CamelContext context;

    @Override
    Workspace workspace() {
        return workspace;
    }

    @AfterAll
    static void stopServers() throws IOException {
        System.clearProperty("state.jdbc.url");
        System.clearProperty("cluster.broker.url");
        BROKER.stop();
        POSTGRES.close();
    }

    @Test
    void everyBatchGoesThroughTheQueueAndEveryIdIsSettledOncePerEndpoint() throws Exception {
        long addedBefore = messagesAdded();
        List<String> ids = ids(300, 0);
        workspace.drop("cluster.txt", String.join("\n", ids));

        JsonNode report = workspace.awaitReport("cluster.txt", Duration.ofSeconds(60));

        assertThat(report.get("ids_unique").asLong()).isEqualTo(300);
        for (String endpoint : List.of("license", "litigation")) {
            assertExactlyOnce(endpoint, ids);
        }
        assertThat(sandbox.stats().calls(LICENSE)).isEqualTo(15);
        assertThat(sandbox.stats().calls(LITIGATION)).isEqualTo(15);
        // each call's batch was a message of the batch queue, and none waits there any more
        assertThat(messagesAdded() - addedBefore).isEqualTo(30);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> BROKER.waiting(QUEUE) == 0 && count("SELECT COUNT(*) FROM patsnap_batch") == 0);
        assertThat(BROKER.consumers(QUEUE)).isEqualTo(8);
        // the queue never gives a batch up (set by the node through the broker's management)
        assertThat(managed(ResourceNames.BROKER, "getAddressSettingsAsJSON", QUEUE))
                .contains("\"maxDeliveryAttempts\":-1");
    }

    @Test
    void aBatchSentTwiceIsCalledOnce() throws Exception {
        context.getRouteController().stopRoute("batch-dequeue");
        List<String> ids = ids(100, 1000);
        workspace.drop("twice.txt", String.join("\n", ids));
        // 5 batches per endpoint on the queue, and their repository rows gone once the broker had them
        await().atMost(Duration.ofSeconds(60))
                .until(() -> BROKER.waiting(QUEUE) == 10 && count("SELECT COUNT(*) FROM patsnap_batch") == 0);

        // every batch sent again, as a node that died before its rows were confirmed would at its recovery
        int copies = sendCopies();
        assertThat(copies).isEqualTo(10);
        assertThat(BROKER.waiting(QUEUE)).isEqualTo(10);

        context.getRouteController().startRoute("batch-dequeue");
        workspace.awaitReport("twice.txt", Duration.ofSeconds(60));
        assertExactlyOnce("license", ids);
        assertExactlyOnce("litigation", ids);
        assertThat(sandbox.stats().calls(LICENSE)).isEqualTo(5);
        assertThat(sandbox.stats().calls(LITIGATION)).isEqualTo(5);
        await().atMost(Duration.ofSeconds(30)).until(() -> BROKER.waiting(QUEUE) == 0);
    }

    @Test
    void aBatchThatCannotBeCalledNowGoesBackToTheBrokerAndIsCalledLater() throws Exception {
        // the account is stopped (67200005) until the injection is cleared
        sandbox.settings().injectError(null, 67200005, -1);
        List<String> ids = ids(60, 2000);
        workspace.drop("parked.txt", String.join("\n", ids));

        // rolled back again and again, many more times than the 10 delivery attempts a broker allows by
        // default: every batch is still on the queue, none settled, none dead-lettered
        await().atMost(Duration.ofSeconds(60)).until(() -> BROKER.waiting(QUEUE) == 6);
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30)).until(() -> BROKER.waiting(QUEUE) == 6);
        assertThat(workspace.ledger("license")).isEmpty();
        assertThat(workspace.ledger("litigation")).isEmpty();
        assertThat(BROKER.waiting("DLQ")).isZero();

        sandbox.settings().clearInjections();

        workspace.awaitReport("parked.txt", Duration.ofSeconds(60));
        assertExactlyOnce("license", ids);
        assertExactlyOnce("litigation", ids);
        await().atMost(Duration.ofSeconds(30)).until(() -> BROKER.waiting(QUEUE) == 0);
    }

    @Test
    void batchesNotSentWhileTheBrokerIsDownAndThoseOfAGoneNodeAreSentOnceItIsBack() throws Exception {
        BROKER.stop();
        boolean restarted = false;
        try {
            List<String> ids = ids(80, 3000);
            workspace.drop("outage.txt", String.join("\n", ids));
            // the sends fail: every completed batch stays in this node's repositories
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> count("SELECT COUNT(*) FROM patsnap_batch WHERE completed"
                                    + " AND repository IN ('license@node-a', 'litigation@node-a')")
                            == 8);
            assertThat(workspace.ledger("license")).isEmpty();
            // as if another node ("node-b") had filled them and died: they are its rows now, and this
            // node's recovery no longer sees them
            try (Connection c = POSTGRES.getPostgresDatabase().getConnection()) {
                c.createStatement()
                        .executeUpdate(
                                "UPDATE patsnap_batch SET repository = REPLACE(repository, '@node-a', '@node-b')");
            }
            assertThat(count("SELECT COUNT(*) FROM patsnap_batch WHERE repository LIKE '%@node-b'"))
                    .isEqualTo(8);

            // this node adopts node-b; the body (node-b's id) stays for the next take-over step
            String body = context.createProducerTemplate().requestBody("direct:batch-takeover", "node-b", String.class);
            assertThat(body).isEqualTo("node-b");
            assertThat(count("SELECT COUNT(*) FROM patsnap_batch WHERE repository LIKE '%@node-b'"))
                    .isZero();
            assertThat(count("SELECT COUNT(*) FROM patsnap_batch WHERE completed AND repository LIKE '%@node-a'"))
                    .isEqualTo(8);

            BROKER.start();
            restarted = true;
            workspace.awaitReport("outage.txt", Duration.ofSeconds(60));
            assertExactlyOnce("license", ids);
            assertExactlyOnce("litigation", ids);
            assertThat(sandbox.stats().calls(LICENSE)).isEqualTo(4);
            assertThat(sandbox.stats().calls(LITIGATION)).isEqualTo(4);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> BROKER.waiting(QUEUE) == 0 && count("SELECT COUNT(*) FROM patsnap_batch") == 0);
        } finally {
            if (!restarted) {
                BROKER.start();
            }
        }
    }

    @Test
    void aMessageThatIsNotABatchIsSetAsideNotRedeliveredForEver() {
        Broker.send(BROKER.coreClient(), QUEUE, List.of(session -> {
            TextMessage m = session.createTextMessage("{\"not\":\"a batch\"}");
            m.setStringProperty("PatsnapEndpoint", "license");
            return m;
        }));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> BROKER.waiting(QUEUE + ".invalid") == 1 && BROKER.waiting(QUEUE) == 0);
        assertThat(sandbox.stats().totalCalls()).isZero();
    }

    private void assertExactlyOnce(String endpoint, List<String> ids) {
        Map<String, Long> perQuery = workspace.ledger(endpoint).stream()
                .collect(Collectors.groupingBy(l -> l.get("query").asText(), Collectors.counting()));
        assertThat(perQuery.keySet()).as(endpoint).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(perQuery).as(endpoint).allSatisfy((q, n) -> assertThat(n).isEqualTo(1));
    }

    /** Sends a copy of every waiting batch message, with its properties and duplicate id. */
    private static int sendCopies() throws JMSException {
        ConnectionFactory factory = BROKER.coreClient();
        List<Message> copies = new ArrayList<>();
        try (jakarta.jms.Connection connection = factory.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            try (QueueBrowser browser = session.createBrowser(session.createQueue(QUEUE))) {
                for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
                    TextMessage original = (TextMessage) e.nextElement();
                    TextMessage copy = session.createTextMessage(original.getText());
                    for (Object name : Collections.list(original.getPropertyNames())) {
                        String property = String.valueOf(name);
                        if (property.startsWith("Patsnap") || property.equals("_AMQ_DUPL_ID")) {
                            copy.setObjectProperty(property, original.getObjectProperty(property));
                        }
                    }
                    assertThat(copy.getObjectProperty("_AMQ_DUPL_ID")).isNotNull();
                    copies.add(copy);
                }
            }
            try (MessageProducer producer = session.createProducer(session.createQueue(QUEUE))) {
                for (Message copy : copies) {
                    producer.send(copy);
                }
            }
        }
        return copies.size();
    }

    private static long messagesAdded() throws JMSException {
        return Long.parseLong(managedAttribute(ResourceNames.QUEUE + QUEUE, "messagesAdded"));
    }

    private static String managedAttribute(String resource, String attribute) throws JMSException {
        return request(m -> JMSManagementHelper.putAttribute(m, resource, attribute));
    }

    private static String managed(String resource, String operation, Object... parameters) throws JMSException {
        return request(m -> JMSManagementHelper.putOperationInvocation(m, resource, operation, parameters));
    }

    private interface Filler {
        void fill(Message m) throws Exception;
    }

    private static String request(Filler filler) throws JMSException {
        try (jakarta.jms.Connection connection = BROKER.coreClient().createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            TemporaryQueue replies = session.createTemporaryQueue();
            Message request = session.createMessage();
            request.setJMSReplyTo(replies);
            filler.fill(request);
            try (MessageProducer producer = session.createProducer(session.createQueue("activemq.management"));
                    MessageConsumer answers = session.createConsumer(replies)) {
                producer.send(request);
                Message reply = answers.receive(10_000);
                assertThat(reply).isNotNull();
                assertThat(JMSManagementHelper.hasOperationSucceeded(reply)).isTrue();
                return String.valueOf(JMSManagementHelper.getResult(reply));
            }
        } catch (JMSException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> ids(int count, int offset) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add("US" + (70_000_000 + (offset + i) * 7) + "B2");
        }
        return ids;
    }

    private static long count(String sql) throws SQLException {
        return ClusterServers.count(POSTGRES, sql);
    }
}
