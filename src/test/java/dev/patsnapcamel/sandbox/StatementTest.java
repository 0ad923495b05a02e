package dev.patsnapcamel.sandbox;

import static dev.patsnapcamel.sandbox.SandboxHttp.CUSTOMS;
import static dev.patsnapcamel.sandbox.SandboxHttp.LICENSE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The sandbox bills every patent it returns and serves PatSnap's usage statement from what it answered. */
class StatementTest {

    private static final String QUERY = "patent_number=US11205304B2,CN1394453A,JP4627367B2";

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
    void theStatementBillsThePatentsOfEverySuccessfulAnswerPerPath() {
        long from = System.currentTimeMillis() - 1000;
        int licensed = http.getJson(LICENSE, QUERY).get("data").size();
        int customs = http.getJson(CUSTOMS, QUERY).get("data").size();
        http.getJson(CUSTOMS, QUERY);
        settings.injectError(LICENSE, 67200005L, 1);
        http.getJson(LICENSE, QUERY); // an error answer bills nothing
        assertThat(sandbox.stats().billedResults())
                .isEqualTo(licensed + 2L * customs)
                .isPositive();

        JsonNode statement = statement("sandbox-client", "sandbox-secret", from, System.currentTimeMillis() + 1000);
        assertThat(statement.get("status").asBoolean()).isTrue();
        JsonNode items = statement.at("/data/items");
        assertThat(items).hasSize(2);
        for (JsonNode item : items) {
            boolean license = item.get("path").asText().equals(LICENSE);
            assertThat(item.get("calls").asLong()).isEqualTo(license ? 1 : 2);
            assertThat(item.get("cost").asLong()).isEqualTo(license ? licensed : 2L * customs);
        }
        // nothing before the calls
        assertThat(statement("sandbox-client", "sandbox-secret", 0, from).at("/data/items"))
                .isEmpty();
    }

    @Test
    void theStatementWantsTheClientSecretOrTheKeyAndCanBeMadeToDisagree() {
        long from = System.currentTimeMillis() - 1000;
        int licensed = http.getJson(LICENSE, QUERY).get("data").size();
        long to = System.currentTimeMillis() + 1000;

        assertThat(statement("sandbox-client", "wrong", from, to)
                        .get("error_code")
                        .asLong())
                .isEqualTo(67200003L);
        assertThat(http.post(
                                "/open-user/statement/v2?apikey=sk-sandbox",
                                "time_start=" + from + "&time_end=" + to,
                                null)
                        .body())
                .as("credentials in the URL are not read")
                .contains("67200003");
        JsonNode byKey = SandboxHttp.json(
                http.post("/open-user/statement/v2", "apikey=sk-sandbox&time_start=" + from + "&time_end=" + to, null));
        assertThat(byKey.at("/data/items/0/cost").asLong()).isEqualTo(licensed);

        assertThat(http.post("/_sandbox/inject?statement-skew=4", "", null).statusCode())
                .isEqualTo(200);
        assertThat(statement("sandbox-client", "sandbox-secret", from, to)
                        .at("/data/items/0/cost")
                        .asLong())
                .isEqualTo(licensed + 4L);
        http.post("/_sandbox/clear", "", null);
        assertThat(statement("sandbox-client", "sandbox-secret", from, to)
                        .at("/data/items/0/cost")
                        .asLong())
                .isEqualTo(licensed);
    }

    private JsonNode statement(String apikey, String secret, long from, long to) {
        return SandboxHttp.json(http.post(
                "/open-user/statement/v2",
                "apikey=" + apikey + "&client_secret=" + secret + "&time_start=" + from + "&time_end=" + to,
                null));
    }
}
