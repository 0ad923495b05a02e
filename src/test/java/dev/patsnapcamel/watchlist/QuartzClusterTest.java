package dev.patsnapcamel.watchlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.quartz.impl.SchedulerRepository;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Cluster mode's Quartz ({@link QuartzCluster}): two nodes' schedulers on one PostgreSQL, a trigger every second
 * for a few seconds: each firing runs on exactly one node. Both nodes create the missing tables at once too.
 */
class QuartzClusterTest {

    record Firing(String node, Date scheduled) {}

    @Test
    void eachFiringRunsOnExactlyOneNode() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            Map<String, String> quartz = QuartzCluster.properties(
                    postgres.getJdbcUrl("postgres", "postgres"),
                    "postgres",
                    "postgres",
                    Map.of("org.quartz.jobStore.clusterCheckinInterval", "1000"));
            assertThat(quartz)
                    .containsEntry("org.quartz.jobStore.isClustered", "true")
                    .containsEntry("org.quartz.scheduler.instanceId", "AUTO")
                    .containsEntry(
                            "org.quartz.jobStore.driverDelegateClass",
                            "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate")
                    .containsEntry("org.quartz.jobStore.clusterCheckinInterval", "1000");
            // two nodes starting at once: one creates the tables, the other finds them made
            List<CompletableFuture<Boolean>> creations = List.of(
                    CompletableFuture.supplyAsync(() -> QuartzTables.ensure(quartz)),
                    CompletableFuture.supplyAsync(() -> QuartzTables.ensure(quartz)));
            List<Boolean> created = new ArrayList<>();
            for (CompletableFuture<Boolean> creation : creations) {
                created.add(creation.get(60, TimeUnit.SECONDS));
            }
            assertThat(created).containsExactlyInAnyOrder(true, false);

            List<Firing> firings = new CopyOnWriteArrayList<>();
            DefaultCamelContext a = node("a", quartz, firings);
            DefaultCamelContext b = null;
            try {
                a.start();
                // one JVM keeps one scheduler per name; two nodes are two JVMs: let the second make its own
                SchedulerRepository.getInstance()
                        .remove(a.getComponent("quartz", QuartzComponent.class)
                                .getScheduler()
                                .getSchedulerName());
                b = node("b", quartz, firings);
                b.start();
                assertThat(b.getComponent("quartz", QuartzComponent.class).getScheduler())
                        .isNotSameAs(
                                a.getComponent("quartz", QuartzComponent.class).getScheduler());
                assertThat(b.getComponent("quartz", QuartzComponent.class)
                                .getScheduler()
                                .getMetaData()
                                .isJobStoreClustered())
                        .isTrue();

                await().atMost(Duration.ofSeconds(40)).until(() -> firings.size() >= 6);
            } finally {
                if (b != null) {
                    b.stop();
                }
                a.stop();
            }
            Map<Date, List<String>> nodesPerFiring = firings.stream()
                    .collect(Collectors.groupingBy(
                            Firing::scheduled, Collectors.mapping(Firing::node, Collectors.toList())));
            assertThat(nodesPerFiring)
                    .as("each scheduled fire time ran on one node")
                    .allSatisfy((time, nodes) -> assertThat(nodes).hasSize(1));
        }
    }

    private static DefaultCamelContext node(String name, Map<String, String> quartz, List<Firing> firings)
            throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName("patsnap-camel");
        // Quartz's scheduler name ends with the context's management name: without JMX (as the bundle runs,
        // management.jmx) that is its name; with JMX two contexts of one JVM get two management names, and
        // two schedulers. Two nodes are two JVMs, each with the one name.
        context.disableJMX();
        QuartzComponent component = new QuartzComponent();
        component.setProperties(new java.util.LinkedHashMap<>(quartz));
        context.addComponent("quartz", component);
        // a lambda, not a RouteBuilder class: the bundle's tests' Main would find and load a class
        RouteBuilder.addRoutes(
                context,
                routes -> routes.from("quartz://patsnap/tick?cron=*+*+*+*+*+?")
                        .routeId("tick-" + name)
                        .process(e ->
                                firings.add(new Firing(name, e.getIn().getHeader("scheduledFireTime", Date.class)))));
        return context;
    }
}
