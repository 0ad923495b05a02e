package dev.patsnapcamel.sandbox;

import static dev.patsnapcamel.sandbox.BusinessCallTest.assertError;
import static dev.patsnapcamel.sandbox.SandboxHttp.CUSTOMS;
import static dev.patsnapcamel.sandbox.SandboxHttp.LICENSE;
import static dev.patsnapcamel.sandbox.SandboxHttp.LITIGATION;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InjectionTest {

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
    void anInjectedErrorAnswersTheNextCallsToItsPathOnly() {
        settings.injectError(LICENSE, 67200005L, 2);

        assertThat(errorCode(CUSTOMS)).isZero();
        assertError(http.getJson(LICENSE, QUERY), 67200005L, "Insufficient account balance/number of calls!");
        assertThat(errorCode(LICENSE)).isEqualTo(67200005L);
        assertThat(errorCode(LICENSE)).isZero();
        assertThat(sandbox.stats().calls())
                .extracting(CallRecord::errorCode)
                .containsExactly(0L, 67200005L, 67200005L, 0L);
    }

    @Test
    void anInjectedErrorWithoutPathAnswersAnyPath() {
        settings.injectError(null, 67200100L, 2);

        assertThat(errorCode(LITIGATION)).isEqualTo(67200100L);
        assertThat(errorCode(CUSTOMS)).isEqualTo(67200100L);
        assertThat(errorCode(LICENSE)).isZero();
    }

    @Test
    void faultsCanBeSwitchedOverHttpForDemosAndScripts() {
        assertThat(http.post("/_sandbox/inject?code=67200007&times=1&path=" + LICENSE, "", null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(http.post("/_sandbox/inject?code=abc", "", null).statusCode())
                .isEqualTo(400);
        assertThat(errorCode(CUSTOMS)).isZero();
        assertThat(errorCode(LICENSE)).isEqualTo(67200007L);

        http.post("/_sandbox/inject?http=503&times=1", "", null);
        assertThat(http.get(CUSTOMS, QUERY, SandboxHttp.API_KEY_AUTH).statusCode())
                .isEqualTo(503);

        http.post("/_sandbox/inject?code=67200005", "", null);
        assertThat(errorCode(LICENSE)).isEqualTo(67200005L);
        assertThat(errorCode(LICENSE)).as("until cleared").isEqualTo(67200005L);
        http.post("/_sandbox/clear", "", null);
        assertThat(errorCode(LICENSE)).isZero();
    }

    @Test
    void theDataGenerationCanBeSwitchedOverHttp() {
        String query = SandboxHttp.numbers(java.util.List.of("US11205304B2"));
        assertThat(http.getJson("/_sandbox/data", null).get("generation").asInt())
                .isZero();

        assertThat(http.post("/_sandbox/data?generation=3", "", null).statusCode())
                .isEqualTo(200);
        assertThat(settings.dataGeneration()).isEqualTo(3);
        assertThat(http.getJson("/_sandbox/data", null).get("generation").asInt())
                .isEqualTo(3);
        assertThat(http.getJson(LICENSE, query).get("data").get(0))
                .isEqualTo(SandboxData.patent(LICENSE, "US11205304B2", 3).orElseThrow());
        assertThat(http.post("/_sandbox/data?generation=-1", "", null).statusCode())
                .isEqualTo(400);
        assertThat(http.post("/_sandbox/data", "", null).statusCode()).isEqualTo(400);
        assertThat(settings.dataGeneration()).isEqualTo(3);
    }

    @Test
    void injectionsQueueUpInOrder() {
        settings.injectError(null, 67200000L, 1).injectError(null, 68300008L, 1);

        assertThat(errorCode(LICENSE)).isEqualTo(67200000L);
        assertThat(errorCode(LICENSE)).isEqualTo(68300008L);
        assertThat(errorCode(LICENSE)).isZero();
    }

    @Test
    void aNegativeCountAnswersUntilCleared() {
        settings.injectError(LITIGATION, 67200007L, -1);
        for (int i = 0; i < 5; i++) {
            assertThat(errorCode(LITIGATION)).isEqualTo(67200007L);
        }

        settings.clearInjections();

        assertThat(errorCode(LITIGATION)).isZero();
    }

    @Test
    void anInjectedRateErrorIsNotCountedAsRateLimited() {
        settings.injectError(null, 67200002L, 1);

        assertThat(errorCode(LICENSE)).isEqualTo(67200002L);
        assertThat(sandbox.stats().rateLimited()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 404, 429, 500, 503})
    void anInjectedHttpStatusAnswersWithAPlainBody(int status) {
        settings.injectHttpStatus(CUSTOMS, status, 1);

        HttpResponse<String> response = http.get(CUSTOMS, QUERY, SandboxHttp.API_KEY_AUTH);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).contains(String.valueOf(status));
        assertThat(sandbox.stats().calls())
                .singleElement()
                .satisfies(call -> assertThat(call.httpStatus()).isEqualTo(status));
        assertThat(errorCode(CUSTOMS)).isZero();
    }

    @Test
    void aRejectedPatentFailsEveryCallThatAsksForIt() {
        settings.rejectPatent("CN1394453A", 68300004L);

        assertError(http.getJson(LICENSE, QUERY), 68300004L, "Invalid parameter!");
        assertThat(errorCode(LITIGATION, "patent_number=cn1394453a")).isEqualTo(68300004L);
        assertThat(errorCode(LITIGATION, "patent_number=US11205304B2,JP4627367B2"))
                .isZero();

        settings.clearInjections();

        assertThat(errorCode(LICENSE)).isZero();
    }

    private long errorCode(String path) {
        return errorCode(path, QUERY);
    }

    private long errorCode(String path, String query) {
        return http.getJson(path, query).get("error_code").asLong();
    }
}
