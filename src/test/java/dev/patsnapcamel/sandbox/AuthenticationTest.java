package dev.patsnapcamel.sandbox;

import static dev.patsnapcamel.sandbox.BusinessCallTest.assertError;
import static dev.patsnapcamel.sandbox.SandboxHttp.LICENSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class AuthenticationTest {

    private static final String QUERY = "patent_number=US11205304B2";
    private static final String AUTH_ERROR = "Access token expired or authentication error!";

    private SandboxSettings settings;
    private SandboxServer sandbox;
    private SandboxHttp http;

    @BeforeEach
    void start() {
        settings = new SandboxSettings();
        sandbox = new SandboxServer(settings).start();
        http = new SandboxHttp(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void issuesATokenForTheClientCredentials() {
        long before = System.currentTimeMillis();

        JsonNode grant = http.requestToken(SandboxSettings.DEFAULT_CLIENT_ID, SandboxSettings.DEFAULT_CLIENT_SECRET);

        assertThat(grant.get("token").asText()).isNotBlank().doesNotStartWith("sk-");
        assertThat(grant.get("access_token").asText())
                .isEqualTo(grant.get("token").asText());
        assertThat(grant.get("token_type").asText()).isEqualTo("BearerToken");
        assertThat(grant.get("expires_in").asInt()).isEqualTo(1799);
        assertThat(grant.get("status").asText()).isEqualTo("approved");
        assertThat(grant.get("issued_at").isTextual()).isTrue();
        assertThat(Long.parseLong(grant.get("issued_at").asText())).isBetween(before, System.currentTimeMillis());
        assertThat(sandbox.stats().tokenRequests()).isEqualTo(1);
    }

    @Test
    void aTokenWithTheMatchingApikeyIsAccepted() {
        JsonNode body = SandboxHttp.json(
                http.get(LICENSE, QUERY + "&apikey=" + SandboxSettings.DEFAULT_CLIENT_ID, bearerToken()));

        assertThat(body.get("status").asBoolean()).isTrue();
        assertThat(body.get("error_code").asLong()).isZero();
    }

    @Test
    void wrongClientCredentialsGetNoToken() {
        assertError(http.requestToken(SandboxSettings.DEFAULT_CLIENT_ID, "wrong-secret"), 67200003L, AUTH_ERROR);
        assertError(http.requestToken("someone-else", SandboxSettings.DEFAULT_CLIENT_SECRET), 67200003L, AUTH_ERROR);
        assertThat(http.post("/oauth/token", "grant_type=client_credentials", null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(sandbox.stats().tokenRequests()).isEqualTo(3);
    }

    @Test
    void changedCredentialsApplyToTheNextTokenRequest() {
        settings.clientId("acme").clientSecret("s3cret");

        assertError(
                http.requestToken(SandboxSettings.DEFAULT_CLIENT_ID, SandboxSettings.DEFAULT_CLIENT_SECRET),
                67200003L,
                AUTH_ERROR);
        assertThat(http.requestToken("acme", "s3cret").get("status").asText()).isEqualTo("approved");
    }

    @Test
    void anUnknownTokenIsAnAuthenticationError() {
        assertError(
                SandboxHttp.json(http.get(
                        LICENSE, QUERY + "&apikey=" + SandboxSettings.DEFAULT_CLIENT_ID, "Bearer not-a-token")),
                67200003L,
                AUTH_ERROR);
    }

    @Test
    void aTokenWithoutApikeyIsRefused() {
        assertError(
                SandboxHttp.json(http.get(LICENSE, QUERY, bearerToken())),
                67200008L,
                "Please check if the required apikey in the query parameter has been transmitted!");
    }

    @Test
    void aTokenWithAnotherClientsApikeyIsRefused() {
        assertError(
                SandboxHttp.json(http.get(LICENSE, QUERY + "&apikey=someone-else", bearerToken())),
                67200009L,
                "The apikey does not match the passed bearerToken. Please check if a valid token is being used!");
    }

    @Test
    void theApiKeyIsAcceptedAsBearerWithoutApikeyParameter() {
        JsonNode body = SandboxHttp.json(http.get(LICENSE, QUERY, "Bearer " + SandboxSettings.DEFAULT_API_KEY));

        assertThat(body.get("status").asBoolean()).isTrue();
    }

    @Test
    void aWrongApiKeyIsAnAuthenticationError() {
        assertError(SandboxHttp.json(http.get(LICENSE, QUERY, "Bearer sk-wrong")), 67200003L, AUTH_ERROR);
    }

    @Test
    void aCallWithoutAuthorizationIsUnauthorized() {
        HttpResponse<String> response = http.get(LICENSE, QUERY, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(sandbox.stats().calls()).singleElement().satisfies(call -> {
            assertThat(call.httpStatus()).isEqualTo(401);
            assertThat(call.errorCode()).isZero();
        });
    }

    @Test
    void anExpiredTokenIsAnAuthenticationError() {
        settings.tokenLifetimeSeconds(1);
        String token = bearerToken();
        String query = QUERY + "&apikey=" + SandboxSettings.DEFAULT_CLIENT_ID;
        assertThat(SandboxHttp.json(http.get(LICENSE, query, token))
                        .get("error_code")
                        .asLong())
                .isZero();

        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> SandboxHttp.json(http.get(LICENSE, query, token))
                                .get("error_code")
                                .asLong()
                        == 67200003L);
    }

    private String bearerToken() {
        return "Bearer "
                + http.requestToken(SandboxSettings.DEFAULT_CLIENT_ID, SandboxSettings.DEFAULT_CLIENT_SECRET)
                        .get("token")
                        .asText();
    }
}
