package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.intake.LongValue;
import dev.patsnapcamel.model.OutputName;
import dev.patsnapcamel.support.LogCapture;
import dev.patsnapcamel.support.Workspace;

/**
 * What a careless or hostile user may put into the watched folder, through the real {@code Main}: empty
 * files, a named pipe, a folder, a symbolic link to a secret, a file still being written, names of any
 * characters and length, a huge token, too many IDs. None of it holds up the files after it, nothing
 * is left behind, and each ends as the contract says.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/hostile-inbox/inbox",
            "outbox.dir=target/it/hostile-inbox/outbox",
            "state.dir=target/it/hostile-inbox/data",
            "intake.file.stable-ms=300",
            "patsnap.endpoints=license",
            "outputs=ledger,csv",
            "sink.csv.dir=target/it/hostile-inbox/outbox/csv",
            "intake.max-ids-per-input=1000"
        })
class HostileInboxTest extends SandboxedBundleTest {

    static final Workspace workspace = new Workspace("hostile-inbox").wipe();
    static final LogCapture LOG = LogCapture.attach();
    static final String SECRET = "TOPSECRET-4711-US9999999B2";
    static final Duration SETTLES = Duration.ofSeconds(30);

    @Override
    Workspace workspace() {
        return workspace;
    }

    @AfterAll
    static void detachLog() {
        LOG.close();
    }

    @Test
    void oddEntriesNeverHoldUpTheFilesAfterThemAndNothingIsLeftBehind() throws Exception {
        Path secret = Files.writeString(workspace.root().resolve("secret.txt"), SECRET + "\n");
        Files.write(workspace.inbox().resolve("empty.txt"), new byte[0]);
        boolean fifo = mkfifo(workspace.inbox().resolve("pipe.txt"));
        Files.createDirectories(workspace.inbox().resolve("folder.txt"));
        Files.writeString(workspace.inbox().resolve("folder.txt").resolve("inner.txt"), "US11205304B2\n");
        Files.createSymbolicLink(workspace.inbox().resolve("link.txt"), secret.toAbsolutePath());

        workspace.drop("normal.txt", "US11205304B2\nCN1394453A\n");

        JsonNode normal = workspace.awaitReport("normal.txt", SETTLES);
        assertThat(normal.get("status").asText()).isEqualTo("complete");
        assertThat(normal.get("ids_unique").asLong()).isEqualTo(2);
        JsonNode empty = workspace.awaitReport("empty.txt", SETTLES);
        assertThat(empty.get("status").asText()).isEqualTo("complete");
        assertThat(empty.get("ids_read").asLong()).isZero();

        // nothing is left in the inbox: read files in .done, the others in .skipped, not read
        List<String> odd = fifo ? List.of("folder.txt", "link.txt", "pipe.txt") : List.of("folder.txt", "link.txt");
        await().atMost(SETTLES).untilAsserted(() -> {
            assertThat(entries(workspace.inbox())).containsExactlyInAnyOrder(".done", ".skipped");
            assertThat(workspace.inboxFiles(".done")).hasSize(2);
            assertThat(workspace.inboxFiles(".skipped")).hasSize(odd.size());
        });
        for (String name : odd) {
            assertThat(workspace.inboxFiles(".skipped"))
                    .anySatisfy(f -> assertThat(f).endsWith("-" + name));
            assertThat(workspace.report(name)).doesNotExist();
            // one WARN line each, saying what it is
            assertThat(LOG.messages(Level.WARN))
                    .filteredOn(m -> m.startsWith("Inbox entry " + name + " is "))
                    .hasSize(1)
                    .allSatisfy(m -> assertThat(m).contains("not read, moved to .skipped/"));
        }
        assertThat(LOG.messages(Level.WARN)).anySatisfy(m -> assertThat(m).contains("link.txt is a symbolic link"));
        assertThat(LOG.messages(Level.WARN)).anySatisfy(m -> assertThat(m).contains("folder.txt is a folder"));
        if (fifo) {
            assertThat(LOG.messages(Level.WARN)).anySatisfy(m -> assertThat(m).contains("pipe.txt is a named pipe"));
        }
        // the link was moved, not its target; and the secret went nowhere
        Path movedLink = workspace
                .inbox()
                .resolve(".skipped")
                .resolve(workspace.inboxFiles(".skipped").stream()
                        .filter(f -> f.endsWith("-link.txt"))
                        .findFirst()
                        .orElseThrow());
        assertThat(Files.isSymbolicLink(movedLink)).isTrue();
        assertThat(Files.readString(secret)).contains(SECRET);
        assertThat(outboxText()).doesNotContain(SECRET);
        assertThat(LOG.texts()).noneMatch(t -> t.contains(SECRET));
        // only the two IDs of normal.txt were asked for; the folder's content was not read either
        assertThat(workspace.ledger("license"))
                .extracting(l -> l.get("source").asText())
                .containsOnly("normal.txt");
    }

    @Test
    void zeroByteFilesOfEveryFormatSettleWithZeroIdsAndNoCall() {
        for (String name : List.of("nothing.txt", "nothing.csv", "nothing.json", "nothing")) {
            try {
                Files.write(workspace.inbox().resolve(name), new byte[0]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String name : List.of("nothing.txt", "nothing.csv", "nothing.json", "nothing")) {
            JsonNode report = workspace.awaitReport(name, SETTLES);
            assertThat(report.get("source").asText()).isEqualTo(name);
            assertThat(report.get("status").asText()).as(name).isEqualTo("complete");
            assertThat(report.get("ids_read").asLong()).isZero();
            assertThat(report.at("/endpoints/license/api_calls").asLong()).isZero();
        }
        await().atMost(SETTLES)
                .untilAsserted(() -> assertThat(workspace.inboxFiles(".done")).hasSize(4));
        assertThat(sandbox.stats().totalCalls()).isZero();
        assertThat(workspace.ledger("license")).isEmpty();
    }

    @Test
    void aFileStillGrowingDoesNotHoldUpAFileDroppedAfterIt() throws Exception {
        Path growing = workspace.inbox().resolve("growing.txt");
        // a slow producer that goes on writing (a line every 50 ms, well within the 300 ms the file must
        // stay unchanged) until the quick file is through
        AtomicBoolean finish = new AtomicBoolean();
        AtomicInteger written = new AtomicInteger();
        CountDownLatch closed = new CountDownLatch(1);
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        OutputStream out = Files.newOutputStream(growing, StandardOpenOption.CREATE_NEW);
        try {
            writer.scheduleWithFixedDelay(
                    () -> {
                        try {
                            if (closed.getCount() > 0) {
                                out.write(("US" + (30_000_000 + written.getAndIncrement()) + "B1\n")
                                        .getBytes(StandardCharsets.US_ASCII));
                                out.flush();
                                if (finish.get()) {
                                    out.close();
                                    closed.countDown();
                                }
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    },
                    0,
                    50,
                    TimeUnit.MILLISECONDS);
            workspace.drop("quick.txt", "US11205304B2\n");
            workspace.awaitReport("quick.txt", SETTLES);
            // the quick file went through while the other is still being written
            assertThat(workspace.report("growing.txt")).doesNotExist();
            finish.set(true);
            assertThat(closed.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            writer.shutdownNow();
        }
        JsonNode report = workspace.awaitReport("growing.txt", SETTLES);
        assertThat(report.get("ids_read").asLong()).isEqualTo(written.get());
        // (a file moves once its exchange is over, which may be after its report is written)
        await().atMost(SETTLES)
                .untilAsserted(() -> assertThat(workspace.inboxFiles(".done"))
                        .anySatisfy(f -> assertThat(f).endsWith("-quick.txt")));
    }

    @Test
    void everyNameGetsItsOwnReportAndCsvWithItsExactNameAsSource() throws IOException {
        List<String> names = List.of(
                "特許一覧.txt",
                "専利一覧.txt",
                "a b.txt",
                "a_b.txt",
                "a:b.txt",
                "x".repeat(250),
                "名".repeat(80) + ".txt",
                "r&d <q3>; $(rm -rf ~).txt");
        int i = 0;
        for (String name : names) {
            drop(name, "US" + (11_205_300 + i++) + "B2\n");
        }
        for (String name : names) {
            String output = OutputName.of(name);
            JsonNode report = workspace.awaitReport(output, SETTLES);
            assertThat(report.get("source").asText()).isEqualTo(name);
            assertThat(report.get("status").asText()).isEqualTo("complete");
            assertThat(report.get("ids_read").asLong()).isEqualTo(1);
            await().atMost(SETTLES)
                    .until(() -> Files.exists(
                            workspace.outbox().resolve("csv").resolve(output).resolve("license.csv")));
        }
        assertThat(entries(workspace.outbox().resolve("reports"))).hasSize(names.size());
        assertThat(entries(workspace.outbox().resolve("csv"))).hasSize(names.size());
        // ordinary names keep their report name
        assertThat(workspace.report("a_b.txt")).exists();
        assertThat(workspace.report("a b.txt")).exists();
        assertThat(workspace.report("特許一覧.txt")).exists();
        // every file moved to .done, the overlong names under a shorter name
        await().atMost(SETTLES)
                .untilAsserted(() -> assertThat(workspace.inboxFiles(".done")).hasSize(names.size()));
        assertThat(entries(workspace.inbox())).containsExactly(".done");
        assertThat(workspace.ledger("license"))
                .extracting(l -> l.get("source").asText())
                .containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void aHugeTokenIsOneRejectedValueCutShortAndTheRestOfTheFileReads() {
        StringBuilder text = new StringBuilder("US11205304B2\n");
        text.append("US").append("9".repeat(5_000_000)).append('\n');
        text.append("CN1394453A\n");
        workspace.drop("huge-token.txt", text.toString());

        JsonNode report = workspace.awaitReport("huge-token.txt", SETTLES);

        assertThat(report.get("status").asText()).isEqualTo("complete");
        assertThat(report.get("ids_read").asLong()).isEqualTo(3);
        assertThat(report.get("rejected_locally").asLong()).isEqualTo(1);
        List<JsonNode> ledger = workspace.ledger("license");
        assertThat(ledger).hasSize(3);
        JsonNode rejected = ledger.stream()
                .filter(l -> l.get("status").asText().equals("rejected"))
                .findFirst()
                .orElseThrow();
        assertThat(rejected.get("query").asText())
                .startsWith("US999")
                .contains(LongValue.MARK)
                .hasSizeLessThan(400);
        assertThat(rejected.get("error").asText()).contains("intake.max-value-length");
        assertThat(ledger).extracting(l -> l.get("query").asText()).contains("US11205304B2", "CN1394453A");
    }

    @Test
    void anInputWithMoreIdsThanTheCapIsRefusedBeforeAnyCall() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            text.append("US").append(20_000_000 + i).append("B1\n");
        }
        workspace.drop("too-many.txt", text.toString());

        JsonNode report = workspace.awaitReport("too-many.txt", SETTLES);

        assertThat(report.get("status").asText()).isEqualTo("unreadable");
        assertThat(report.get("error").asText()).contains("more than 1000").contains("intake.max-ids-per-input");
        await().atMost(SETTLES)
                .untilAsserted(() -> assertThat(workspace.inboxFiles(".failed")).hasSize(1));
        assertThat(sandbox.stats().totalCalls()).isZero();
        assertThat(workspace.ledger("license")).isEmpty();
    }

    /** As {@link Workspace#drop}, staged under a short name (the names here are too long for a suffix). */
    private static void drop(String name, String content) {
        try {
            Path staged = Files.writeString(workspace.root().resolve("staged.tmp"), content);
            Files.move(staged, workspace.inbox().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean mkfifo(Path path) throws InterruptedException {
        try {
            Process process = new ProcessBuilder("mkfifo", path.toString())
                    .redirectErrorStream(true)
                    .start();
            assertThat(process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0)
                    .as("mkfifo")
                    .isTrue();
            return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            // no mkfifo on this machine: the other entries are still checked
            return false;
        }
    }

    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static String outboxText() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(workspace.outbox())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
            }
        }
        return all.toString();
    }
}
