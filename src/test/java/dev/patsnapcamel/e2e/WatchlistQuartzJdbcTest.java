package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Stream;
import javax.sql.DataSource;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.impl.jdbcjobstore.JobStoreTX;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.Workspace;

/**
 * Quartz's JDBC job store on the bundle's own state database (H2 here), by configuration only: the
 * bundle creates Quartz's tables, the watch-list job is kept there, and a run triggered through it
 * completes.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/watchlist-quartz-jdbc/inbox",
            "outbox.dir=target/it/watchlist-quartz-jdbc/outbox",
            "state.dir=target/it/watchlist-quartz-jdbc/data",
            "patsnap.endpoints=license",
            "watchlist.enabled=true",
            "watchlist.file=target/it/watchlist-quartz-jdbc/watch.csv",
            "watchlist.cron=0 30 3 * * ?",
            "camel.component.quartz.properties[org.quartz.scheduler.instanceName]=patsnap",
            "camel.component.quartz.properties[org.quartz.scheduler.instanceId]=AUTO",
            "camel.component.quartz.properties[org.quartz.threadPool.threadCount]=2",
            "camel.component.quartz.properties[org.quartz.jobStore.class]=org.quartz.impl.jdbcjobstore.JobStoreTX",
            "camel.component.quartz.properties[org.quartz.jobStore.driverDelegateClass]=org.quartz.impl.jdbcjobstore.StdJDBCDelegate",
            "camel.component.quartz.properties[org.quartz.jobStore.dataSource]=patsnap",
            "camel.component.quartz.properties[org.quartz.dataSource.patsnap.provider]=hikaricp",
            "camel.component.quartz.properties[org.quartz.dataSource.patsnap.driver]=org.h2.Driver",
            "camel.component.quartz.properties[org.quartz.dataSource.patsnap.URL]={{state.jdbc.url}}",
            "camel.component.quartz.properties[org.quartz.dataSource.patsnap.user]={{state.jdbc.username}}",
            "camel.component.quartz.properties[org.quartz.dataSource.patsnap.password]={{state.jdbc.password}}",
            "camel.component.quartz.properties[org.quartz.dataSource.patsnap.maxConnections]=3"
        })
class WatchlistQuartzJdbcTest {

    static final Workspace workspace = new Workspace("watchlist-quartz-jdbc").wipe();

    @BeanInject
    CamelContext context;

    @BeanInject("patsnapStateDataSource")
    DataSource state;

    @Test
    void theScheduleIsKeptInTheStateDatabase() throws Exception {
        Files.writeString(workspace.root().resolve("watch.csv"), "patent_number,note\nUS11205304B2,x\nCN1394453A,y\n");
        var scheduler = context.getComponent("quartz", QuartzComponent.class).getScheduler();
        assertThat(scheduler.getMetaData().getJobStoreClass()).isEqualTo(JobStoreTX.class);
        assertThat(text("SELECT CRON_EXPRESSION FROM QRTZ_CRON_TRIGGERS WHERE TRIGGER_GROUP = 'patsnap'"))
                .isEqualTo("0 30 3 * * ?");
        assertThat(text("SELECT JOB_NAME FROM QRTZ_JOB_DETAILS WHERE JOB_GROUP = 'patsnap'"))
                .isEqualTo("watchlist");

        scheduler.triggerJob(new JobKey("watchlist", "patsnap"));

        Path reports = workspace.outbox().resolve("reports");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(reports) && reportWithChanges(reports));
    }

    private static boolean reportWithChanges(Path reports) throws Exception {
        try (Stream<Path> files = Files.list(reports)) {
            return files.filter(f -> f.getFileName().toString().startsWith("watchlist_watch.csv_"))
                    .map(Workspace::readJson)
                    .anyMatch(r -> r.at("/changes/baseline").asBoolean()
                            && r.get("ids_unique").asLong() == 2);
        }
    }

    private String text(String sql) throws SQLException {
        try (Connection c = state.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }
}
