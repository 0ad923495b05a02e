package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.support.BundleProcess;
import dev.patsnapcamel.support.Workspace;

/**
 * Every default database and folder follows {@code state.dir} and {@code outbox.dir}, whether they are relative
 * (to the working directory) or absolute, with the bundle started from a working directory of its own: the state
 * and result databases, the CSV files, the reports, the ledger and the mail outbox.
 */
class StateFoldersTest {

    static final Path PROJECT = Path.of("").toAbsolutePath();

    @Test
    void absoluteFoldersHoldEverythingAndTheWorkingDirectoryNothing() throws Exception {
        Workspace workspace = new Workspace("state-folders-absolute").wipe();
        Path root = workspace.root().toAbsolutePath();
        Path cwd = Files.createDirectories(root.resolve("elsewhere"));
        Path state = root.resolve("var/lib/patsnap");
        Path outbox = root.resolve("srv/outbox");
        try (BundleProcess bundle = bundle(workspace, cwd)
                .option("-Dintake.file.dir=" + root.resolve("inbox"))
                .option("-Doutbox.dir=" + outbox)
                .env("STATE_DIR", state.toString())
                .start()) {
            dropAndAwait(workspace, outbox);
            assertThat(bundle.stop(40)).isZero();
            assertThat(bundle.logLines())
                    .anySatisfy(
                            l -> assertThat(l).contains("State database: jdbc:h2:file:" + state + "/patsnap-state"));
        }
        assertEverythingUnder(state, outbox);
        assertThat(tree(cwd)).as("nothing under the working directory").isEmpty();
    }

    @Test
    void relativeFoldersAreTakenFromTheWorkingDirectory() throws Exception {
        Workspace workspace = new Workspace("state-folders-relative").wipe();
        Path cwd = Files.createDirectories(workspace.root().toAbsolutePath().resolve("site"));
        try (BundleProcess bundle = bundle(workspace, cwd)
                .option("-Dintake.file.dir=" + workspace.inbox().toAbsolutePath())
                .option("-Doutbox.dir=out")
                .option("-Dstate.dir=var/state")
                .start()) {
            dropAndAwait(workspace, cwd.resolve("out"));
            assertThat(bundle.stop(40)).isZero();
        }
        assertEverythingUnder(cwd.resolve("var/state"), cwd.resolve("out"));
        assertThat(tree(cwd))
                .allSatisfy(p -> assertThat(p)
                        .satisfiesAnyOf(
                                q -> assertThat(q).startsWith(cwd.resolve("var/state")),
                                q -> assertThat(q).startsWith(cwd.resolve("out"))));
        assertThat(PROJECT.resolve("var")).doesNotExist();
        assertThat(PROJECT.resolve("out")).doesNotExist();
    }

    /** The bundle with the project's settings and routes, started in {@code cwd}, writing CSV and database rows. */
    private static BundleProcess bundle(Workspace workspace, Path cwd) {
        return new BundleProcess(workspace.root().resolve("bundle.log").toAbsolutePath())
                .directory(cwd)
                .option("-Dpatsnap.config=file:" + PROJECT.resolve("config/application.properties"))
                .option("-Dcamel.main.routesIncludePattern=file:" + PROJECT.resolve("routes") + "/**/*.yaml")
                .option("-Doutputs=ledger,csv,jdbc")
                .option("-Dintake.file.stable-ms=100")
                .option("-Dpatsnap.endpoints=license")
                .option("-Dpatsnap.sandbox.latency-ms=0")
                .option("-Dpatsnap.sandbox.latency-jitter-ms=0")
                .option("-Dpatsnap.sandbox.qps=0")
                .option("-Dpatsnap.batch.timeout=200");
    }

    private static void dropAndAwait(Workspace workspace, Path outbox) {
        workspace.drop("folders.txt", "US11205304B2\nCN1394453A\n");
        Path report = outbox.resolve("reports/folders.txt.json");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(report));
        JsonNode json = Workspace.readJson(report);
        assertThat(json.get("status").asText()).isEqualTo("complete");
        // the CSV follows the report: wait for it too (and for the database's catch-up check)
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> tree(outbox).stream().anyMatch(p -> p.toString().endsWith("license.csv")));
    }

    private static void assertEverythingUnder(Path state, Path outbox) throws IOException {
        assertThat(state.resolve("patsnap-state.mv.db")).isRegularFile();
        assertThat(state.resolve("patsnap-results.mv.db")).isRegularFile();
        assertThat(tree(outbox))
                .anySatisfy(p -> assertThat(p.toString()).endsWith("license.csv"))
                .anySatisfy(p -> assertThat(p.getParent().getFileName())
                        .hasToString("license")
                        .satisfies(x -> assertThat(p.toString()).endsWith(".jsonl")));
        assertThat(outbox.resolve("csv")).isDirectory();
    }

    /** Every regular file under a folder. */
    private static List<Path> tree(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
