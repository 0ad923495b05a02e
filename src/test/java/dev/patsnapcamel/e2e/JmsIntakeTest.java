package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.utils.UUID;
import org.apache.activemq.artemis.utils.UUIDGenerator;
import org.apache.camel.BeanInject;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.Broker;
import dev.patsnapcamel.support.LogCapture;
import dev.patsnapcamel.support.Workspace;

/**
 * The queue intake over JMS (ActiveMQ Artemis' core protocol), against a broker started in the test
 * before the bundle; the shared tests are in {@link QueueIntakeTest}. Also: a request delivered again
 * with the same message id (as after a crash) resumes while it is unfinished and is skipped once it is
 * complete, never doubling a ledger line, a result or the completion.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/jms-intake/inbox",
            "outbox.dir=target/it/jms-intake/outbox",
            "state.dir=target/it/jms-intake/data",
            "intake.jms.enabled=true",
            "intake.jms.username=patsnap",
            "intake.jms.password=queue-s3cret",
            "patsnap.batch.size=10",
            "patsnap.max-in-flight=2",
            "patsnap.stop.probe-interval=300",
            "patsnap.batch.recovery-interval=200",
            "intake.queue.recovery-interval=200",
            "outputs.retry.attempts=8",
            "outputs.retry.delay=200",
            "intake.queue.max-message-bytes=4096",
            "intake.queue.max-header-length=128"
        })
class JmsIntakeTest extends QueueIntakeTest {

    static final Workspace workspace = new Workspace("jms-intake").wipe();
    static final LogCapture LOG = LogCapture.attach();
    static final Broker BROKER = startBroker();

    @Override
    Workspace workspace() {
        return workspace;
    }

    @Override
    Broker broker() {
        return BROKER;
    }

    @Override
    ConnectionFactory client() {
        return BROKER.coreClient();
    }

    @BeanInject("jms")
    JmsComponent component;

    @Override
    ConnectionFactory bundleClient() {
        return component.getConfiguration().getConnectionFactory();
    }

    @AfterAll
    static void stopBroker() {
        System.clearProperty("intake.jms.url");
        BROKER.stop();
    }

    @Test
    void aRequestDeliveredAgainResumesOrIsSkippedButNeverDoubles() throws Exception {
        // PatSnap stops the account for a while: the request's IDs wait in their batches
        sandbox.settings().injectError(null, 67200005, -1);
        UUID messageId = UUIDGenerator.getInstance().generateUUID();
        String source = "queue:ID:" + messageId;
        String ids = String.join("\n", publicationNumbers(900, 5));
        sendWithMessageId(messageId, ids);
        await().atMost(Duration.ofSeconds(20)).until(() -> BROKER.waiting(REQUESTS) == 0);

        // delivered again while unfinished: it resumes, nothing is handed on twice
        sendWithMessageId(messageId, ids);
        await().atMost(Duration.ofSeconds(20)).until(() -> BROKER.waiting(REQUESTS) == 0);
        assertThat(java.nio.file.Files.exists(workspace.report(reportName(source))))
                .isFalse();
        sandbox.settings().clearInjections();
        JsonNode report = workspace.awaitReport(reportName(source), Duration.ofSeconds(30));
        assertThat(report.get("ids_read").asLong()).isEqualTo(5);
        assertThat(report.get("ids_unique").asLong()).isEqualTo(5);

        // delivered again once complete: acknowledged, nothing done; a request after it shows it was taken
        sendWithMessageId(messageId, ids);
        String after = "queue:"
                + Broker.send(client(), REQUESTS, List.of(s -> {
                            TextMessage m = s.createTextMessage("CN1394453A");
                            m.setStringProperty("PatsnapEndpoints", "license");
                            return m;
                        }))
                        .get(0);
        workspace.awaitReport(reportName(after), Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).until(() -> completions(null).size() == 2);

        assertThat(ledgerLines("license", source)).hasSize(5);
        assertThat(ledgerLines("customs", source)).isEmpty();
        // without a correlation id, the answers carry the request's message id
        assertThat(completions("ID:" + messageId))
                .singleElement()
                .satisfies(c -> assertThat(readJson(c.body())).isEqualTo(report));
        assertThat(results("ID:" + messageId)).hasSize(5);
        assertThat(BROKER.waiting(REQUESTS)).isZero();
        assertThat(BROKER.waiting(DEAD_LETTERS)).isZero();
    }

    @Test
    void theBrokerPasswordIsNeverLogged() throws Exception {
        // a request refused, so that the log has more than the start-up to say
        Broker.send(client(), REQUESTS, List.of(s -> s.createTextMessage("")));
        await().atMost(Duration.ofSeconds(20)).until(() -> BROKER.waiting(DEAD_LETTERS) == 1);

        assertThat(LOG.texts())
                .anySatisfy(
                        l -> assertThat(l).contains("Queue intake over JMS", BROKER.coreUrl(), "as " + Broker.USER));
        assertThat(LOG.texts()).noneSatisfy(l -> assertThat(l).contains(Broker.PASSWORD));
    }

    /** Sends a text request with a message id of our choosing, through the core API. */
    private static void sendWithMessageId(UUID messageId, String text) throws Exception {
        try (ServerLocator locator = ActiveMQClient.createServerLocator(BROKER.coreUrl());
                ClientSessionFactory factory = locator.createSessionFactory();
                ClientSession session =
                        factory.createSession(Broker.USER, Broker.PASSWORD, false, true, true, false, 0);
                ClientProducer producer = session.createProducer(REQUESTS)) {
            ClientMessage message = session.createMessage(Message.TEXT_TYPE, true);
            message.getBodyBuffer().writeNullableSimpleString(SimpleString.of(text));
            message.setUserID(messageId);
            message.putStringProperty("PatsnapEndpoints", "license");
            producer.send(message);
        }
    }

    private static Broker startBroker() {
        Broker broker = new Broker(workspace.root().resolve("broker")).start();
        // read by the bundle like any -D option
        System.setProperty("intake.jms.url", broker.coreUrl());
        return broker;
    }
}
