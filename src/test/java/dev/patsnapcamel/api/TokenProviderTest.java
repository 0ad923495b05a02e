package dev.patsnapcamel.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import dev.patsnapcamel.support.MovingClock;

/**
 * The token client against WireMock stubs of every token answer form public clients see: where the token
 * and its lifetime are read from, when it is renewed, how refusals and redirects end.
 */
class TokenProviderTest {

    static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    static final WireMockServer api = new WireMockServer(options().dynamicPort());

    MovingClock clock;
    TokenProvider tokens;

    @BeforeAll
    static void start() {
        api.start();
    }

    @AfterAll
    static void stop() {
        api.stop();
    }

    @BeforeEach
    void fresh() {
        api.resetAll();
        clock = new MovingClock(START);
        tokens = new TokenProvider(
                new PatsnapAccount(api.baseUrl(), "contract-client", "contract-secret", "", false),
                ApiClientSettings.defaults(),
                Duration.ofSeconds(5),
                clock);
    }

    /** {@code renew_after_ms}: the token is still used just before it, a new one is fetched just after it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            flat, number expires_in        | {"token":"T1","token_type":"BearerToken","expires_in":1799,"status":"approved"}    | 1739000
            flat, string expires_in        | {"token":"T1","expires_in":"1799"}                                                | 1739000
            flat access_token              | {"access_token":"T1","expires_in":1799}                                           | 1739000
            wrapped, string expires_in     | {"status":true,"error_code":0,"data":{"token":"T1","expires_in":"1799"}}           | 1739000
            wrapped, number expires_in     | {"status":true,"data":{"token":"T1","expires_in":1799}}                           | 1739000
            wrapped beats flat             | {"token":"other","data":{"token":"T1","expires_in":1799}}                         | 1739000
            no expires_in: 30 minutes      | {"token":"T1"}                                                                    | 1739000
            issued_at 10 minutes ago       | {"token":"T1","expires_in":1799,"issued_at":"ISSUED"}                             | 1139000
            issued_at as a number          | {"token":"T1","expires_in":1799,"issued_at":ISSUED}                               | 1139000
            short lifetime, string         | {"data":{"token":"T1","expires_in":"2"}}                                          | 1500
            """)
    void everyTokenFormIsReadAndRenewedBeforeItExpires(String form, String answer, long renewAfterMs) {
        String body = answer.replace("ISSUED", Long.toString(START.toEpochMilli() - 600_000));
        api.stubFor(post("/oauth/token").willReturn(okJson(body)));

        assertThat(tokens.credential().authorization()).isEqualTo("Bearer T1");
        assertThat(tokens.credential().queryKey()).isEqualTo("contract-client");
        clock.advance(Duration.ofMillis(renewAfterMs - 100));
        tokens.credential();
        assertThat(tokenRequests()).as("still fresh").isEqualTo(1);
        clock.advance(Duration.ofMillis(200));
        TokenProvider.Credential renewed = tokens.credential();
        assertThat(tokenRequests()).as("renewed within the margin").isEqualTo(2);
        assertThat(renewed.generation()).isEqualTo(2);
        api.verify(postRequestedFor(urlPathEqualTo("/oauth/token"))
                .withHeader("X-PatSnap-Version", equalTo("1.0"))
                .withHeader("Authorization", equalTo("Basic Y29udHJhY3QtY2xpZW50OmNvbnRyYWN0LXNlY3JldA=="))
                .withRequestBody(equalTo("grant_type=client_credentials")));
    }

    @ParameterizedTest(name = "{0} then a token")
    @CsvSource(delimiter = '|', textBlock = """
            HTTP 401                 | 401 | Unauthorized
            HTTP 200 with 67200003   | 200 | {"status":false,"error_code":67200003,"error_msg":"Access token expired or authentication error!"}
            """)
    void aRefusedTokenRequestIsRepeatedOnce(String form, int status, String body) {
        api.stubFor(post("/oauth/token")
                .inScenario("once")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(status).withBody(body))
                .willSetStateTo("granted"));
        api.stubFor(post("/oauth/token")
                .inScenario("once")
                .whenScenarioStateIs("granted")
                .willReturn(okJson("{\"token\":\"T2\",\"expires_in\":1799}")));

        assertThat(tokens.credential().authorization()).isEqualTo("Bearer T2");
        assertThat(tokenRequests()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            HTTP 401 twice                 | 401 | Unauthorized                                                     | HTTP 401
            67200003 twice                 | 200 | {"status":false,"error_code":67200003,"error_msg":"wrong secret"} | 67200003
            code and message fields        | 200 | {"status":false,"code":"67200006","message":"client expired"}     | 67200006
            no token in a 200 answer       | 200 | {"status":"approved"}                                            | HTTP 200
            """)
    void aTokenRequestThatStaysRefusedStopsTheAccount(String form, int status, String body, String code) {
        api.stubFor(
                post("/oauth/token").willReturn(aResponse().withStatus(status).withBody(body)));

        assertThatThrownBy(tokens::credential).isInstanceOfSatisfying(PatsnapCallException.Suspending.class, e -> {
            assertThat(e.treatment()).isEqualTo(Treatment.STOP_ACCOUNT);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).doesNotContain("contract-secret");
        });
        assertThat(tokenRequests()).isLessThanOrEqualTo(2);
    }

    @Test
    void aRedirectIsNeverFollowedAndStopsTheAccountWithAClearError() {
        api.stubFor(post("/oauth/token")
                .willReturn(aResponse().withStatus(302).withHeader("Location", "http://elsewhere.example/steal")));
        api.stubFor(post("/steal").willReturn(okJson("{\"token\":\"stolen\"}")));

        assertThatThrownBy(tokens::credential).isInstanceOfSatisfying(PatsnapCallException.Suspending.class, e -> {
            assertThat(e.code()).isEqualTo("HTTP 302");
            assertThat(e.getMessage()).contains("redirect", "elsewhere.example", "not followed");
        });
        assertThat(tokenRequests()).isEqualTo(1);
        assertThat(api.findAll(postRequestedFor(urlPathEqualTo("/steal")))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"429", "503", "504", "408"})
    void aTransientAnswerToTheTokenRequestIsRetryable(int status) {
        api.stubFor(post("/oauth/token").willReturn(aResponse().withStatus(status)));

        assertThatThrownBy(tokens::credential).isInstanceOf(PatsnapCallException.Retryable.class);
    }

    @Test
    void theFirstRefusalOfATokenRenewsItAndARefusalOfTheRenewedOneRefusesTheCredentials() {
        api.stubFor(post("/oauth/token").willReturn(okJson("{\"token\":\"T\",\"expires_in\":1799}")));
        long first = tokens.credential().generation();

        assertThat(tokens.refused(first)).isEqualTo(TokenProvider.Refusal.RENEW);
        long renewed = tokens.credential().generation();
        assertThat(renewed).isGreaterThan(first);
        // another call that was sent with the first token reports it late: nothing more happens
        assertThat(tokens.refused(first)).isEqualTo(TokenProvider.Refusal.RENEW);
        assertThat(tokens.credential().generation()).isEqualTo(renewed);
        // the renewed token is refused before any call with it was accepted
        assertThat(tokens.refused(renewed)).isEqualTo(TokenProvider.Refusal.CREDENTIALS_REFUSED);

        // a renewed token that has worked is renewed again when refused later
        long third = tokens.credential().generation();
        tokens.accepted(third);
        assertThat(tokens.refused(third)).isEqualTo(TokenProvider.Refusal.RENEW);
    }

    @Test
    void anSkKeyIsSentInTheHeaderOrInTheQueryAndItsRefusalRefusesTheCredentials() {
        PatsnapAccount keyed = new PatsnapAccount(api.baseUrl(), "", "", "sk-contract-key", false);
        TokenProvider header = new TokenProvider(keyed, ApiClientSettings.defaults(), Duration.ofSeconds(5), clock);
        TokenProvider query = new TokenProvider(
                keyed,
                ApiClientSettings.from(k -> k.equals("patsnap.api-key.in-query") ? "true" : null),
                Duration.ofSeconds(5),
                clock);

        assertThat(header.credential())
                .extracting(TokenProvider.Credential::authorization, TokenProvider.Credential::queryKey)
                .containsExactly("Bearer sk-contract-key", "");
        assertThat(query.credential())
                .extracting(TokenProvider.Credential::authorization, TokenProvider.Credential::queryKey)
                .containsExactly(null, "sk-contract-key");
        assertThat(header.refused(0)).isEqualTo(TokenProvider.Refusal.CREDENTIALS_REFUSED);
        assertThat(query.credential().toString()).doesNotContain("sk-contract-key");
        assertThat(tokenRequests()).isZero();
    }

    private static int tokenRequests() {
        return api.findAll(postRequestedFor(urlPathEqualTo("/oauth/token"))).size();
    }
}
