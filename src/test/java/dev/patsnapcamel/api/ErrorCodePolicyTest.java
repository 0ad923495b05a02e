package dev.patsnapcamel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorCodePolicyTest {

    final ErrorCodePolicy defaults = new ErrorCodePolicy(new Properties());

    @ParameterizedTest
    @CsvSource({
        "67200000, RETRY",
        "67200001, STOP_ACCOUNT",
        "67200002, RETRY",
        "67200003, RENEW_TOKEN",
        "67200004, STOP_ENDPOINT",
        "67200005, STOP_ACCOUNT",
        "67200006, STOP_ACCOUNT",
        "67200007, PAUSE_DAILY",
        "67200008, STOP_ACCOUNT",
        "67200009, RENEW_TOKEN",
        "67200012, REJECT",
        "67200100, RETRY",
        "67200101, STOP_ENDPOINT",
        "68300004, SPLIT_BATCH",
        "68300005, RETRY",
        "68300006, RETRY",
        "68300007, SPLIT_BATCH",
        "68300008, RETRY",
        "68300010, FAIL",
        "12345678, FAIL"
    })
    void everyPublishedCodeHasItsTreatmentAndUnknownCodesFail(long code, Treatment treatment) {
        assertThat(defaults.forCode(code)).isEqualTo(treatment);
    }

    @ParameterizedTest
    @CsvSource({
        "401, RENEW_TOKEN",
        "403, STOP_ENDPOINT",
        "404, STOP_ENDPOINT",
        "429, RETRY",
        "500, RETRY",
        "503, RETRY",
        "400, FAIL",
        "418, FAIL",
        "408, RETRY",
        "425, RETRY",
        "502, RETRY",
        "504, RETRY",
        "302, FAIL"
    })
    void httpStatusesHaveTheirTreatment(int status, Treatment treatment) {
        assertThat(defaults.forHttpStatus(status)).isEqualTo(treatment);
    }

    @ParameterizedTest
    @CsvSource({"PROTOCOL, RETRY", "ANSWER_TOO_LARGE, FAIL", "67200003, RENEW_TOKEN", "SOMETHING, FAIL"})
    void textCodesAndTheBundlesOwnCodesHaveTheirTreatment(String code, Treatment treatment) {
        assertThat(defaults.forCode(code)).isEqualTo(treatment);
    }

    @Test
    void theBundlesOwnCodesCanBeOverriddenToo() {
        Properties config = new Properties();
        config.setProperty("patsnap.error-policy.PROTOCOL", "fail");
        config.setProperty("patsnap.error-policy.ANSWER_TOO_LARGE", "retry");

        ErrorCodePolicy policy = new ErrorCodePolicy(config);

        assertThat(policy.forCode("PROTOCOL")).isEqualTo(Treatment.FAIL);
        assertThat(policy.forCode("ANSWER_TOO_LARGE")).isEqualTo(Treatment.RETRY);
    }

    @Test
    void configurationOverridesCodesAndStatuses() {
        Properties config = new Properties();
        config.setProperty("patsnap.error-policy.67200000", "fail");
        config.setProperty("patsnap.error-policy.HTTP_503", "stop-endpoint");
        config.setProperty("patsnap.other", "ignored");

        ErrorCodePolicy policy = new ErrorCodePolicy(config);

        assertThat(policy.forCode(67200000)).isEqualTo(Treatment.FAIL);
        assertThat(policy.forHttpStatus(503)).isEqualTo(Treatment.STOP_ENDPOINT);
        assertThat(policy.forCode(67200100)).isEqualTo(Treatment.RETRY);
    }
}
