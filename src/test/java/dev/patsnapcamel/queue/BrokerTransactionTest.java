package dev.patsnapcamel.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jms.connection.CachingConnectionFactory;

import dev.patsnapcamel.support.Broker;
import dev.patsnapcamel.support.Workspace;

/**
 * {@link BrokerTransaction} against a real Artemis broker, with camel-jms sending through a caching
 * connection factory as the bundle does: the messages sent in a {@code transacted} block reach the
 * queue together at the commit, not one by one; a failure in the block leaves none of them there.
 */
class BrokerTransactionTest {

    static final String QUEUE = "transaction.test";
    static final Workspace workspace = new Workspace("broker-transaction").wipe();
    static Broker broker;
    static CamelContext camel;
    static CachingConnectionFactory sending;
    static final AtomicLong waitingBeforeCommit = new AtomicLong(-1);

    @BeforeAll
    static void start() throws Exception {
        broker = new Broker(workspace.root().resolve("broker")).start();
        sending = new CachingConnectionFactory(BrokerClients.artemis(broker.coreUrl(), Broker.USER, Broker.PASSWORD));
        JmsComponent jms = new JmsComponent();
        jms.getConfiguration().setConnectionFactory(sending);
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("jms", jms);
        camel.getRegistry().bind("jmsTransaction", new BrokerTransaction("jmsTransaction", sending));
        // a lambda, not a RouteBuilder class: Camel Main in the end-to-end tests would find and start that
        RouteBuilder.addRoutes(
                camel,
                routes -> routes.from("direct:send")
                        .errorHandler(routes.noErrorHandler())
                        .transacted("jmsTransaction")
                        .split(routes.body())
                        .stopOnException()
                        .to("jms:queue:" + QUEUE)
                        .end()
                        // still inside the transaction: nothing of it is on the queue yet
                        .process(e -> waitingBeforeCommit.set(broker.waiting(QUEUE)))
                        .filter(routes.header("fail"))
                        .throwException(new IllegalStateException("failed after the sends")));
        camel.start();
    }

    @AfterAll
    static void stop() {
        camel.stop();
        sending.destroy();
        broker.stop();
    }

    @BeforeEach
    void emptyQueue() {
        // the broker may count the previous test's committed messages a moment late: empty until it stays empty
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10)).until(() -> {
            broker.purge(QUEUE);
            return broker.waiting(QUEUE) == 0;
        });
        waitingBeforeCommit.set(-1);
    }

    @Test
    void theMessagesOfABlockArriveTogetherAtTheCommit() {
        ProducerTemplate producer = camel.createProducerTemplate();
        producer.sendBody("direct:send", List.of("a", "b", "c", "d", "e"));

        assertThat(waitingBeforeCommit.get()).isZero();
        // the broker counts a committed message a moment after the commit returns
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.waiting(QUEUE) == 5);
    }

    @Test
    void aFailureInTheBlockLeavesNoneOfItsMessages() {
        ProducerTemplate producer = camel.createProducerTemplate();
        assertThatThrownBy(() -> producer.sendBodyAndHeader("direct:send", List.of("a", "b", "c"), "fail", true))
                .isInstanceOf(CamelExecutionException.class)
                .hasRootCauseMessage("failed after the sends");

        assertThat(waitingBeforeCommit.get()).isZero();
        assertThat(broker.waiting(QUEUE)).isZero();
        // and the next block goes through as usual
        producer.sendBody("direct:send", List.of("f"));
        // one, and it stays one: none of the rolled-back three comes late
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(() -> broker.waiting(QUEUE) == 1);
    }
}
