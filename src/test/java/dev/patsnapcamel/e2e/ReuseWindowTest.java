package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.state.StateStore;
import dev.patsnapcamel.support.Workspace;

/**
 * The window of reuse, through the real {@code Main} with a window of 2 s: once an answer is older than
 * the window, the same IDs are asked again, and the pruning route deletes stored answers older than the
 * window (every second here).
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/reuse-window/inbox",
            "outbox.dir=target/it/reuse-window/outbox",
            "state.dir=target/it/reuse-window/data",
            "patsnap.endpoints=license",
            "patsnap.reuse.window=2s",
            "patsnap.reuse.prune-interval=1s",
            "patsnap.reuse.prune-chunk=7"
        })
class ReuseWindowTest extends SandboxedBundleTest {

    static final Workspace workspace = new Workspace("reuse-window").wipe();

    @Override
    Workspace workspace() {
        return workspace;
    }

    @BeanInject
    StateStore state;

    @Test
    void afterTheWindowTheIdsAreAskedAgainAndOldAnswersArePruned() {
        List<String> ids = AnswerReuseTest.ids(60_000_000, 500);
        workspace.drop("early.txt", AnswerReuseTest.lines(ids));
        JsonNode early = workspace.awaitReport("early.txt", Duration.ofSeconds(60));
        assertThat(early.at("/endpoints/license/api_calls").asLong()).isEqualTo(5);
        Instant answered = Instant.now();
        assertThat(sandbox.stats().totalCalls()).isEqualTo(5);

        // the window is over: asked again, nothing reused (whether or not the pruning came first)
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(answered.plusSeconds(3)));
        workspace.drop("late.txt", AnswerReuseTest.lines(ids));
        JsonNode late = workspace.awaitReport("late.txt", Duration.ofSeconds(60));
        assertThat(late.at("/endpoints/license/reused").asLong()).isZero();
        assertThat(late.at("/endpoints/license/api_calls").asLong()).isEqualTo(5);
        assertThat(sandbox.stats().totalCalls()).isEqualTo(10);
        assertThat(workspace.ledger("license").stream().filter(l -> l.has("reused")))
                .isEmpty();

        // the answers just stored are there, and go once older than the window
        assertThat(stored()).isGreaterThanOrEqualTo(500);
        await().atMost(Duration.ofSeconds(30)).until(() -> stored() == 0);
    }

    private long stored() {
        Long n = state.database().jdbc().queryForObject("SELECT COUNT(*) FROM patsnap_stored_answer", Long.class);
        return n == null ? 0 : n;
    }
}
