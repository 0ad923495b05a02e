package dev.patsnapcamel.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.ApiAnswers;
import dev.patsnapcamel.support.LogCapture;
import dev.patsnapcamel.support.Workspace;

/**
 * An {@code sk-} key sent as {@code apikey=sk-...} in the query ({@code patsnap.api-key.in-query=true}):
 * no {@code Authorization} header and no token request, the key never in a log line, and a refused key
 * stops the account at once (a key cannot be renewed). The real {@code Main} against WireMock.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/apikey-query/inbox",
            "outbox.dir=target/it/apikey-query/outbox",
            "state.dir=target/it/apikey-query/data",
            "patsnap.sandbox.enabled=false",
            "patsnap.api-key=sk-contract-query-key-2718",
            "patsnap.api-key.in-query=true",
            "patsnap.endpoints=license",
            "patsnap.retry.initial-delay=20",
            "patsnap.retry.max-delay=100",
            "patsnap.stop.probe-interval=500",
            "patsnap.batch.recovery-interval=200"
        })
class ApiKeyInQueryContractTest {

    static final String KEY = "sk-contract-query-key-2718";
    static final WireMockServer api = startApi();
    static final Workspace workspace = new Workspace("apikey-query").wipe();

    static WireMockServer startApi() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        System.setProperty("patsnap.base-url", server.baseUrl());
        return server;
    }

    @AfterAll
    static void stopApi() {
        System.clearProperty("patsnap.base-url");
        api.stop();
    }

    @BeforeEach
    void clean() {
        workspace.clean();
        api.resetAll();
    }

    @Test
    void theKeyGoesInTheQueryWithoutAnAuthorizationHeaderAndNeverIntoTheLog() {
        String[] ids = {"US11205304B2", "US11205305B2", "US11205306B2"};
        api.stubFor(get(urlPathEqualTo(ApiAnswers.LICENSE))
                .willReturn(okJson(ApiAnswers.success(ids, "\"status\":true,\"error_code\":0"))));

        try (LogCapture log = LogCapture.attach()) {
            workspace.drop("key-in-query.txt", String.join("\n", ids));
            workspace.awaitReport("key-in-query.txt", Duration.ofSeconds(30));
            assertThat(log.texts()).isNotEmpty().noneMatch(t -> t.contains(KEY) || t.contains("apikey="));
        }

        assertThat(ledger().stream().map(l -> l.get("status").asText()).toList())
                .containsExactlyInAnyOrder("found", "empty", "not_found");
        List<LoggedRequest> calls = api.findAll(getRequestedFor(urlPathEqualTo(ApiAnswers.LICENSE)));
        assertThat(calls).hasSize(1).allSatisfy(call -> {
            assertThat(call.queryParameter("apikey").firstValue()).isEqualTo(KEY);
            assertThat(call.containsHeader("Authorization")).isFalse();
            assertThat(call.getHeader("X-PatSnap-Version")).isEqualTo("1.0");
        });
        assertThat(api.findAll(postRequestedFor(urlPathEqualTo("/oauth/token"))))
                .isEmpty();
    }

    @Test
    void aRefusedKeyStopsTheAccountAtOnceAndTheWorkWaits() {
        String[] ids = {"US11205404B2", "US11205405B2", "US11205406B2"};
        api.stubFor(
                get(urlPathEqualTo(ApiAnswers.LICENSE)).willReturn(aResponse().withStatus(401)));

        workspace.drop("key-refused.txt", String.join("\n", ids));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> ApiAnswers.alerts(workspace).contains("account-stopped"));
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(10)).until(() -> ledger().isEmpty());

        api.resetAll();
        api.stubFor(get(urlPathEqualTo(ApiAnswers.LICENSE))
                .willReturn(okJson(ApiAnswers.success(ids, "\"status\":true,\"error_code\":0"))));
        workspace.awaitReport("key-refused.txt", Duration.ofSeconds(30));
        assertThat(ledger().stream().map(l -> l.get("status").asText()).toList())
                .containsExactlyInAnyOrder("found", "empty", "not_found");
    }

    private static List<JsonNode> ledger() {
        return workspace.ledger("license");
    }
}
