package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.TextMessage;

import org.apache.camel.BeanInject;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.jms.JmsDestination;
import org.apache.qpid.jms.JmsSession;
import org.apache.qpid.jms.message.JmsMessageIDBuilder;
import org.apache.qpid.jms.policy.JmsMessageIDPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.Broker;
import dev.patsnapcamel.support.Broker.Listener;
import dev.patsnapcamel.support.Broker.Received;
import dev.patsnapcamel.support.Workspace;

/**
 * The queue intake over AMQP 1.0, against an Artemis broker started in the test before the bundle;
 * the tests are in {@link QueueIntakeTest}.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/amqp-intake/inbox",
            "outbox.dir=target/it/amqp-intake/outbox",
            "state.dir=target/it/amqp-intake/data",
            "intake.amqp.enabled=true",
            "intake.amqp.username=patsnap",
            "intake.amqp.password=queue-s3cret",
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
class AmqpIntakeTest extends QueueIntakeTest {

    static final Workspace workspace = new Workspace("amqp-intake").wipe();
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
        return BROKER.amqpClient();
    }

    @BeanInject("amqp")
    JmsComponent component;

    @Override
    ConnectionFactory bundleClient() {
        return component.getConfiguration().getConnectionFactory();
    }

    @Test
    void anOverlongMessageIdIsDeadLetteredUnderADigestInsteadOfBeingDeliveredAgain() throws Exception {
        // AMQP lets a sender choose any message id: one of 2,000 characters
        JmsConnectionFactory longIds = (JmsConnectionFactory) BROKER.amqpClient();
        String longId = "ID:" + "x".repeat(2000);
        longIds.setMessageIDPolicy(new JmsMessageIDPolicy() {
            @Override
            public JmsMessageIDPolicy copy() {
                return this;
            }

            @Override
            public JmsMessageIDBuilder getMessageIDBuilder(JmsSession session, JmsDestination destination) {
                return (producerId, sequence) -> longId + "-" + sequence;
            }
        });
        Broker.send(longIds, REQUESTS, List.of(s -> {
            TextMessage m = s.createTextMessage("US11205304B2");
            m.setJMSCorrelationID("long-id");
            return m;
        }));
        String after = "queue:"
                + Broker.send(client(), REQUESTS, List.of(s -> {
                            TextMessage m = s.createTextMessage("CN1394453A");
                            m.setJMSCorrelationID("after-long-id");
                            m.setStringProperty("PatsnapEndpoints", "license");
                            return m;
                        }))
                        .get(0);

        try (Listener deadLetters = Broker.listen(client(), DEAD_LETTERS)) {
            workspace.awaitReport(reportName(after), Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> deadLetters.received().size() == 1
                            && completions("long-id").size() == 1);
            Received dead = deadLetters.received().get(0);
            assertThat(dead.correlationId()).isEqualTo("long-id");
            assertThat(dead.property("PatsnapError"))
                    .startsWith("JMSMessageID is longer than intake.queue.max-header-length (");
            assertThat(dead.property("PatsnapRequestId")).startsWith("sha256-").hasSizeLessThan(64);
            assertThat(dead.property("PatsnapSource")).isEqualTo("queue:" + dead.property("PatsnapRequestId"));
        }
        assertThat(completions("long-id"))
                .singleElement()
                .satisfies(c -> assertThat(c.property("PatsnapStatus")).isEqualTo("unreadable"));
        assertThat(BROKER.waiting(REQUESTS)).isZero();
        assertThat(ledgerLines("license", after)).hasSize(1);
    }

    @AfterAll
    static void stopBroker() {
        System.clearProperty("intake.amqp.url");
        BROKER.stop();
    }

    private static Broker startBroker() {
        Broker broker = new Broker(workspace.root().resolve("broker")).start();
        System.setProperty("intake.amqp.url", broker.amqpUrl());
        return broker;
    }
}
