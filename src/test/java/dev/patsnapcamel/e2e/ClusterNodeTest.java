package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.ops.Alerts;
import dev.patsnapcamel.support.Broker;
import dev.patsnapcamel.support.ClusterServers;
import dev.patsnapcamel.support.LogCapture;
import dev.patsnapcamel.support.Workspace;

/**
 * One node in cluster mode on a real PostgreSQL (and a real Artemis broker): it joins {@code patsnap_node},
 * beats by the database's clock, adopts a node that has gone silent and hands its id to the three takeover
 * routes (mocked here: their own helpers build them), puts a node back when its takeover fails, and says which
 * node it is in its health, metrics and alerts.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        mockEndpointsAndSkip = "direct:.*-takeover",
        properties = {
            "intake.file.dir=target/it/cluster-node/inbox",
            "outbox.dir=target/it/cluster-node/outbox",
            "state.jdbc.username=postgres",
            "state.jdbc.password=postgres",
            "patsnap.endpoints=license",
            "cluster.enabled=true",
            "cluster.node-id=node-a",
            "cluster.broker.username=patsnap",
            "cluster.broker.password=queue-s3cret",
            "cluster.heartbeat-interval=200ms",
            "cluster.node-timeout=5s",
            "watchlist.enabled=true",
            "watchlist.file=target/it/cluster-node/watch.csv",
            "watchlist.cron=0 30 3 * * ?",
            // an operator's line wins over the bundle's cluster default of the same key
            "camel.component.quartz.properties[org.quartz.threadPool.threadCount]=3"
        })
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class ClusterNodeTest {

    static final Workspace workspace = new Workspace("cluster-node").wipe();
    static final EmbeddedPostgres POSTGRES = ClusterServers.stateDatabase();
    static final Broker BROKER = startBroker();
    static final Timestamp LONG_AGO = Timestamp.from(Instant.parse("2020-01-01T00:00:00Z"));

    @BeanInject
    CamelContext context;

    @EndpointInject("mock:direct:ledger-takeover")
    MockEndpoint ledgerTakeover;

    @EndpointInject("mock:direct:batch-takeover")
    MockEndpoint batchTakeover;

    @EndpointInject("mock:direct:input-takeover")
    MockEndpoint inputTakeover;

    LogCapture log;

    @BeforeEach
    void capture() {
        log = LogCapture.attach();
    }

    @AfterEach
    void release() {
        log.close();
    }

    /** A clean stop: the node leaves (its row goes); then the servers stop, after the bundle. */
    @AfterAll
    void stopServers() throws IOException {
        context.stop();
        assertThat(seenAt("node-a"))
                .as("node-a left the cluster on its clean stop")
                .isNull();
        System.clearProperty("state.jdbc.url");
        System.clearProperty("cluster.broker.url");
        BROKER.close();
        POSTGRES.close();
    }

    @Test
    void theNodeJoinsAndBeatsByTheDatabasesClock() {
        Timestamp first = seenAt("node-a");
        assertThat(first).isNotNull();

        await().atMost(Duration.ofSeconds(20)).until(() -> seenAt("node-a").after(first));

        assertThat(jdbc().queryForObject("SELECT version FROM patsnap_node WHERE node_id = 'node-a'", String.class))
                .isNotBlank();
    }

    @Test
    void aGoneNodeIsAdoptedAndItsWorkHandedToTheTakeoversInOrder() throws Exception {
        ledgerTakeover.reset();
        batchTakeover.reset();
        inputTakeover.reset();
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        ledgerTakeover.whenAnyExchangeReceived(e -> order.add("ledger"));
        batchTakeover.whenAnyExchangeReceived(e -> order.add("batch"));
        inputTakeover.whenAnyExchangeReceived(e -> order.add("input"));
        ledgerTakeover.expectedBodiesReceived("node-dead");
        batchTakeover.expectedBodiesReceived("node-dead");
        inputTakeover.expectedBodiesReceived("node-dead");
        addGoneNode("node-dead");

        MockEndpoint.assertIsSatisfied(context, 20, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(ledgerTakeover.getReceivedExchanges().get(0).getIn().getBody())
                .isInstanceOf(String.class);
        assertThat(order).containsExactly("ledger", "batch", "input");
        assertThat(ledgerTakeover.getReceivedExchanges().get(0).getExchangeId())
                .isEqualTo(batchTakeover.getReceivedExchanges().get(0).getExchangeId())
                .isEqualTo(inputTakeover.getReceivedExchanges().get(0).getExchangeId());
        assertThat(seenAt("node-dead")).as("adopted: its row is gone").isNull();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> log.lines().stream()
                        .anyMatch(l -> l.message()
                                .equals("Node node-dead gone since 2020-01-01T00:00:00Z: taking over its work")));
        assertThat(log.lines())
                .filteredOn(l -> l.message().startsWith("Node node-dead gone since"))
                .hasSize(1)
                .allSatisfy(l -> assertThat(l.level().name()).isEqualTo("INFO"));
    }

    @Test
    void aTakeoverThatFailsIsTriedAgainAtTheNextRound() throws Exception {
        ledgerTakeover.reset();
        batchTakeover.reset();
        inputTakeover.reset();
        batchTakeover.whenExchangeReceived(1, e -> {
            throw new IllegalStateException("broker down");
        });
        ledgerTakeover.expectedBodiesReceived("node-flaky", "node-flaky");
        batchTakeover.expectedBodiesReceived("node-flaky", "node-flaky");
        inputTakeover.expectedBodiesReceived("node-flaky");
        addGoneNode("node-flaky");

        MockEndpoint.assertIsSatisfied(context, 30, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(log.lines())
                .anySatisfy(l -> assertThat(l.message())
                        .startsWith("Taking over the work of a gone node (Node[id=node-flaky")
                        .contains("broker down"));
        await().atMost(Duration.ofSeconds(10)).until(() -> seenAt("node-flaky") == null);
    }

    @Test
    void theHealthCheckNamesTheNodeAndTheLiveNodes() {
        HealthCheck.Result result = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> HealthCheckRegistry.get(context)
                                .getCheck("cluster")
                                .orElseThrow()
                                .call(),
                        r -> r.getState() == HealthCheck.State.UP);

        assertThat(result.getDetails()).containsEntry("node", "node-a");
        assertThat((String) result.getDetails().get("live_nodes")).contains("node-a");
        assertThat(HealthCheckRegistry.get(context)
                        .getCheck("cluster")
                        .orElseThrow()
                        .isReadiness())
                .isTrue();
        assertThat(HealthCheckRegistry.get(context)
                        .getCheck("cluster")
                        .orElseThrow()
                        .isLiveness())
                .isFalse();
    }

    @Test
    void everyMeterCarriesTheNodeAndTheLiveNodesAreCounted() {
        MeterRegistry meters = context.getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> meters.find("patsnap_cluster_nodes").gauge() != null
                        && meters.find("patsnap_cluster_nodes").gauge().value() >= 1);

        assertThat(meters.getMeters()).isNotEmpty();
        assertThat(meters.getMeters())
                .filteredOn(m -> !"node-a".equals(m.getId().getTag("node")))
                .extracting(m -> m.getId().getName())
                .isEmpty();
    }

    @Test
    void theWatchListsQuartzIsClusteredOnTheStateDatabaseWithoutAnyQuartzLine() throws Exception {
        var scheduler = context.getComponent("quartz", org.apache.camel.component.quartz.QuartzComponent.class)
                .getScheduler();

        assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();
        assertThat(scheduler.getMetaData().getJobStoreClass()).isEqualTo(org.quartz.impl.jdbcjobstore.JobStoreTX.class);
        assertThat(scheduler.getMetaData().getThreadPoolSize()).isEqualTo(3);
        assertThat(scheduler.getSchedulerName()).isEqualTo("patsnap-patsnap-camel");
        assertThat(jdbc().queryForObject(
                                "SELECT COUNT(*) FROM qrtz_scheduler_state WHERE sched_name = 'patsnap-patsnap-camel'",
                                Integer.class))
                .isEqualTo(1);
    }

    @Test
    void alertsNameTheNode() throws IOException {
        context.getRegistry()
                .lookupByNameAndType("alerts", Alerts.class)
                .raise("cluster-test", "warning", "a test alert", Map.of());

        Path alerts = workspace.outbox().resolve("alerts");
        try (Stream<Path> files = Files.list(alerts)) {
            JsonNode alert = Workspace.readJson(files.filter(f -> f.toString().endsWith("-cluster-test.json"))
                    .findFirst()
                    .orElseThrow());
            assertThat(alert.get("node").asText()).isEqualTo("node-a");
        }
        assertThat(log.lines())
                .anySatisfy(l -> assertThat(l.message()).isEqualTo("ALERT cluster-test (node node-a): a test alert"));
    }

    private static void addGoneNode(String id) {
        jdbc().update(
                        "INSERT INTO patsnap_node (node_id, started_at, seen_at, version) VALUES (?, ?, ?, 'old')",
                        id,
                        LONG_AGO,
                        LONG_AGO);
    }

    private static Timestamp seenAt(String id) {
        List<Timestamp> seen =
                jdbc().queryForList("SELECT seen_at FROM patsnap_node WHERE node_id = ?", Timestamp.class, id);
        return seen.isEmpty() ? null : seen.get(0);
    }

    private static JdbcTemplate jdbc() {
        return new JdbcTemplate(POSTGRES.getPostgresDatabase());
    }

    private static Broker startBroker() {
        Broker broker = new Broker(workspace.root().resolve("broker")).start();
        System.setProperty("cluster.broker.url", broker.coreUrl());
        return broker;
    }
}
