package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.Expected;
import dev.patsnapcamel.support.LogCapture;
import dev.patsnapcamel.support.Workspace;

/**
 * Refused credentials stop the account (parked work, an alert, the health check down, probes), they
 * never turn IDs into {@code failed} lines; once the credentials work again, everything resumes. Through
 * the real {@code Main} and the sandbox.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/credentials/inbox",
            "outbox.dir=target/it/credentials/outbox",
            "state.dir=target/it/credentials/data",
            "patsnap.endpoints=license",
            "patsnap.batch.size=2",
            "patsnap.stop.probe-interval=1000",
            "patsnap.batch.recovery-interval=200"
        })
class CredentialRefusalTest extends SandboxedBundleTest {

    static final String LICENSE = "/advanced-patent-data/license-data";
    static final List<String> IDS = List.of("US11205304B2", "CN1394453A", "JP4627367B2", "EP1234567B1", "US9876543B2");

    static final Workspace workspace = new Workspace("credentials").wipe();

    @BeanInject
    CamelContext context;

    @Override
    Workspace workspace() {
        return workspace;
    }

    @Test
    void wrongClientCredentialsStopTheAccountAndParkTheWork() {
        String secret = sandbox.settings().clientSecret();
        try (LogCapture log = LogCapture.attach()) {
            sandbox.settings().clientSecret("another-secret-than-the-bundle-has");
            workspace.drop("wrong-secret.txt", String.join("\n", IDS));

            await().atMost(Duration.ofSeconds(20)).until(() -> alerts().contains("account-stopped"));
            assertThat(accountHealth()).isEqualTo(HealthCheck.State.DOWN);
            // parked: probes only, no ledger line, no business call reached PatSnap
            await().during(Duration.ofMillis(1500))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> ledger().isEmpty());
            assertThat(sandbox.stats().calls(LICENSE)).isZero();
            // each token request is repeated once (HTTP 200 with 67200003) before the account stops
            assertThat(sandbox.stats().tokenRequests()).isGreaterThanOrEqualTo(2);

            sandbox.settings().clientSecret(secret);

            JsonNode report = workspace.awaitReport("wrong-secret.txt", Duration.ofSeconds(20));
            assertThat(report.at("/endpoints/license/failed").asLong()).isZero();
            assertThat(ledger()).hasSize(IDS.size()).allSatisfy(this::answered);
            assertThat(alerts()).containsExactly("account-stopped", "account-resumed");
            assertThat(accountHealth()).isEqualTo(HealthCheck.State.UP);
            assertThat(log.texts()).noneMatch(t -> t.contains(secret) || t.contains("Bearer ") || t.contains("Basic "));
        } finally {
            sandbox.settings().clientSecret(secret);
        }
    }

    @Test
    void aRenewedTokenThatIsRefusedTooStopsTheAccountInsteadOfFailingIds() {
        sandbox.settings().injectError(LICENSE, 67200003, -1);
        workspace.drop("refused-token.txt", String.join("\n", IDS));

        await().atMost(Duration.ofSeconds(20)).until(() -> alerts().contains("account-stopped"));
        assertThat(accountHealth()).isEqualTo(HealthCheck.State.DOWN);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10)).until(() -> ledger().isEmpty());

        sandbox.settings().clearInjections();

        JsonNode report = workspace.awaitReport("refused-token.txt", Duration.ofSeconds(20));
        assertThat(report.at("/endpoints/license/failed").asLong()).isZero();
        assertThat(ledger()).hasSize(IDS.size()).allSatisfy(this::answered);
        assertThat(alerts()).containsExactly("account-stopped", "account-resumed");
    }

    @Test
    void callsUnderWayWhileTheTokenIsRenewedAndRefusedNeverBecomeFailedLines() {
        // twenty batches under way at once with a token that is refused, renewed and refused again: the
        // calls whose repeat still carried a token another call had already replaced must wait, not fail
        List<String> many = java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> "US" + (10_200_000 + i) + "B2")
                .toList();
        sandbox.settings().injectError(LICENSE, 67200003, -1);
        workspace.drop("many-refused.txt", String.join("\n", many));

        await().atMost(Duration.ofSeconds(20)).until(() -> alerts().contains("account-stopped"));
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10)).until(() -> ledger().isEmpty());

        sandbox.settings().clearInjections();

        JsonNode report = workspace.awaitReport("many-refused.txt", Duration.ofSeconds(30));
        assertThat(report.at("/endpoints/license/failed").asLong()).isZero();
        assertThat(ledger()).hasSize(many.size()).allSatisfy(this::answered);
        assertThat(alerts()).containsExactly("account-stopped", "account-resumed");
    }

    private HealthCheck.State accountHealth() {
        return HealthCheckRegistry.get(context)
                .getCheck("patsnap-account")
                .orElseThrow()
                .call()
                .getState();
    }

    private static List<JsonNode> ledger() {
        return workspace.ledger("license");
    }

    private void answered(JsonNode line) {
        assertThat(line.get("status").asText())
                .isEqualTo(
                        Expected.forQuery(LICENSE, line.get("query").asText()).status());
    }

    private static List<String> alerts() {
        Path folder = workspace.outbox().resolve("alerts");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".json"))
                    .sorted()
                    .map(f -> Workspace.readJson(f).get("kind").asText())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
