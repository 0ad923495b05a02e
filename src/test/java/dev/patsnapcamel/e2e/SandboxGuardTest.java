package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.sandbox.SandboxServer;
import dev.patsnapcamel.sandbox.SandboxSettings;
import dev.patsnapcamel.support.BundleProcess;
import dev.patsnapcamel.support.Workspace;

/**
 * The sandbox is never used by accident, and its answers never mix with real ones: the bundle as an operator
 * starts it (a JVM of its own, settings from the environment), with partial, empty and misspelled credentials;
 * then a result database and a watch list written on the sandbox, opened by a bundle with (fake) real
 * credentials. "Real" is a sandbox the test starts itself on loopback: the bundle did not start it, so for the
 * bundle it is the PatSnap API.
 */
class SandboxGuardTest {

    static final String SECRET = "s3cr3t-never-logged";

    @Test
    void partialOrEmptyCredentialsStopTheStartUpNamingTheKey() throws Exception {
        Workspace workspace = new Workspace("sandbox-guard-credentials").wipe();
        assertRefused(
                bundle(workspace, "id-only").env("PATSNAP_CLIENT_ID", "acme"),
                "patsnap.client-secret is not set (PATSNAP_CLIENT_SECRET), but patsnap.client-id is");
        assertRefused(
                bundle(workspace, "secret-only").env("PATSNAP_CLIENT_SECRET", SECRET),
                "patsnap.client-id is not set (PATSNAP_CLIENT_ID), but patsnap.client-secret is");
        assertRefused(
                bundle(workspace, "empty-key").env("PATSNAP_API_KEY", ""),
                "patsnap.api-key is set but empty (environment variable PATSNAP_API_KEY)");
        // nothing was called, nothing written
        assertThat(workspace.outbox()).isEmptyDirectory();
    }

    @Test
    void aMisspelledVariableIsNamedAndTheSandboxSaysItIsInUse() throws Exception {
        Workspace workspace = new Workspace("sandbox-guard-look-alike").wipe();
        try (BundleProcess bundle = bundle(workspace, "look-alike")
                .env("PATSNAP_CLIENTSECRET", SECRET)
                .env("PATSNAP_API_KEY ", SECRET)
                .start()) {
            workspace.drop("one.txt", "US11205304B2\n");
            JsonNode report = workspace.awaitReport("one.txt", Duration.ofSeconds(90));
            assertThat(report.get("sandbox").asBoolean()).isTrue();
            assertThat(workspace.ledger("license"))
                    .singleElement()
                    .satisfies(
                            line -> assertThat(line.get("sandbox").asBoolean()).isTrue());
            assertThat(bundle.stop(40)).isZero();
            List<String> log = bundle.logLines();
            assertThat(log)
                    .anySatisfy(
                            l -> assertThat(l)
                                    .contains(
                                            "WARN",
                                            "environment variable "
                                                    + "'PATSNAP_CLIENTSECRET' looks like a PatSnap credential setting but is not one"));
            assertThat(log).anySatisfy(l -> assertThat(l).contains("WARN", "environment variable 'PATSNAP_API_KEY '"));
            assertThat(log)
                    .filteredOn(l -> l.contains("Using the built-in PatSnap SANDBOX"))
                    .singleElement()
                    .asString()
                    .contains("WARN", "patsnap.sandbox.enabled=auto and no credentials are set", "\"sandbox\": true");
            assertThat(log).noneSatisfy(l -> assertThat(l).contains(SECRET));
        }
    }

    @Test
    void storesWrittenOnTheSandboxRefuseARealAccount() throws Exception {
        Workspace workspace = new Workspace("sandbox-guard-stores").wipe();
        Path list = Files.writeString(
                Files.createDirectories(workspace.root().resolve("config")).resolve("watch.txt"),
                "US11205304B2\nCN1394453A\n");
        // on the sandbox: a file into the result database, and a watch-list run
        try (BundleProcess bundle = bundle(workspace, "sandbox")
                .option("-Doutputs=ledger,jdbc")
                .option("-Dwatchlist.enabled=true")
                .option("-Dwatchlist.file=" + list)
                .option("-Dwatchlist.cron=0/1 * * * * ?")
                .start()) {
            workspace.drop("first.txt", "US11205304B2\n");
            workspace.awaitReport("first.txt", Duration.ofSeconds(90));
            await().atMost(Duration.ofSeconds(90)).until(() -> watchlistReports(workspace) > 0);
            assertThat(bundle.stop(40)).isZero();
        }
        assertThat(workspace.ledger("license"))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line.get("sandbox").asBoolean()).isTrue());

        try (SandboxServer real = new SandboxServer(new SandboxSettings()).start()) {
            // a watch-list run the stop left open (its batches parked) is never sent to the real account
            long open = openSources(workspace);
            if (open > 0) {
                assertRefused(
                        real(bundle(workspace, "real-open"), real),
                        "The state database (state.jdbc.url",
                        "holds answers invented by the built-in sandbox",
                        "let its open inputs finish");
                long before = watchlistReports(workspace);
                try (BundleProcess bundle = bundle(workspace, "sandbox-finish")
                        .option("-Dwatchlist.enabled=true")
                        .option("-Dwatchlist.file=" + list)
                        .option("-Dwatchlist.cron=0 0 0 1 1 ? 2099")
                        .start()) {
                    await().atMost(Duration.ofSeconds(90)).until(() -> watchlistReports(workspace) >= before + open);
                    assertThat(bundle.stop(40)).isZero();
                }
                assertThat(openSources(workspace)).isZero();
                assertThat(real.stats().totalCalls()).isZero();
            }
            assertRefused(
                    real(bundle(workspace, "real-results"), real).option("-Doutputs=ledger,jdbc"),
                    "The result database (sink.jdbc.url jdbc:h2:file:"
                            + workspace.root().resolve("data").toAbsolutePath() + "/patsnap-results",
                    "holds answers invented by the built-in sandbox",
                    "calls the real PatSnap API",
                    "sandbox and real data are never mixed");
            assertRefused(
                    real(bundle(workspace, "real-watchlist"), real)
                            .option("-Dwatchlist.enabled=true")
                            .option("-Dwatchlist.file=" + list),
                    "The watch-list store (the state database",
                    "holds answers invented by the built-in sandbox",
                    "DELETE FROM patsnap_watch_run");
            // with neither, the real account may run (the ledger lines say which are which)
            try (BundleProcess bundle =
                    real(bundle(workspace, "real-ledger"), real).start()) {
                workspace.drop("second.txt", "US11205304B2\n");
                JsonNode report = workspace.awaitReport("second.txt", Duration.ofSeconds(90));
                assertThat(report.has("sandbox")).isFalse();
                assertThat(bundle.stop(40)).isZero();
            }
            assertThat(workspace.ledger("license"))
                    .filteredOn(l -> l.get("source").asText().equals("second.txt"))
                    .singleElement()
                    .satisfies(l -> assertThat(l.has("sandbox"))
                            .as("no mark on real lines")
                            .isFalse());
            assertThat(real.stats().totalCalls()).isEqualTo(1);
        }
    }

    private static BundleProcess bundle(Workspace workspace, String name) {
        return new BundleProcess(workspace.root().resolve(name + ".log"))
                .option("-Dintake.file.dir=" + workspace.inbox())
                .option("-Doutbox.dir=" + workspace.outbox())
                .option("-Dstate.dir=" + workspace.root().resolve("data"))
                .option("-Dintake.file.stable-ms=100")
                .option("-Dpatsnap.endpoints=license")
                .option("-Dpatsnap.sandbox.latency-ms=0")
                .option("-Dpatsnap.sandbox.latency-jitter-ms=0")
                .option("-Dpatsnap.sandbox.qps=0")
                .option("-Dpatsnap.batch.timeout=200");
    }

    /** Credentials of an account the bundle did not start: for the bundle, the real API. */
    private static BundleProcess real(BundleProcess bundle, SandboxServer api) {
        return bundle.env("PATSNAP_SANDBOX_ENABLED", "false")
                .env("PATSNAP_BASE_URL", api.baseUrl())
                .env("PATSNAP_CLIENT_ID", SandboxSettings.DEFAULT_CLIENT_ID)
                .env("PATSNAP_CLIENT_SECRET", SandboxSettings.DEFAULT_CLIENT_SECRET);
    }

    /** Starts the bundle and expects it to end by itself with an error whose log says all of {@code reasons}. */
    private static void assertRefused(BundleProcess bundle, String... reasons) throws Exception {
        try (BundleProcess refused = bundle.start()) {
            assertThat(refused.awaitExit(90))
                    .as("exit code of a refused start")
                    .isNotZero()
                    .isNotEqualTo(-1);
            List<String> log = refused.logLines();
            assertThat(log).anySatisfy(l -> assertThat(l).contains(reasons));
            assertThat(log).noneSatisfy(l -> assertThat(l).contains(SECRET));
        }
    }

    /** Inputs the state database has open, read while no bundle runs. */
    private static long openSources(Workspace workspace) throws Exception {
        String url = "jdbc:h2:file:"
                + workspace.root().resolve("data").resolve("patsnap-state").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM patsnap_source WHERE completed = FALSE")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long watchlistReports(Workspace workspace) throws Exception {
        Path reports = workspace.outbox().resolve("reports");
        if (!Files.isDirectory(reports)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(reports)) {
            return files.filter(f -> f.getFileName().toString().startsWith("watchlist_"))
                    .count();
        }
    }
}
