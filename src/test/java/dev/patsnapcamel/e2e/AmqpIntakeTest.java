package dev.patsnapcamel.e2e;

import jakarta.jms.ConnectionFactory;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.Broker;
import dev.patsnapcamel.support.Workspace;
import org.apache.camel.BeanInject;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;

/**
 * The queue intake over AMQP 1.0, against an Artemis broker started in the test before the bundle;
 * the tests are in {@link QueueIntakeTest}.
 */
@CamelMainTest(mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = { "classpath:e2e.properties", "file:config/application.properties" },
        properties = {
                "intake.file.dir=target/it/amqp-intake/inbox", "outbox.dir=target/it/amqp-intake/outbox",
                "state.dir=target/it/amqp-intake/data", "intake.amqp.enabled=true", "intake.amqp.username=patsnap",
                "intake.amqp.password=queue-s3cret", "patsnap.batch.size=10", "patsnap.max-in-flight=2",
                "patsnap.stop.probe-interval=300", "patsnap.batch.recovery-interval=200",
                "intake.queue.recovery-interval=200", "outputs.retry.attempts=8", "outputs.retry.delay=200",
                "intake.queue.max-message-bytes=4096", "intake.queue.max-header-length=128" })
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
