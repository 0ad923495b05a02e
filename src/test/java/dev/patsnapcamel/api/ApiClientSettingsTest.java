package dev.patsnapcamel.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiClientSettingsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://connect.patsnap.com",
                "https://connect.zhihuiya.com/",
                "http://127.0.0.1:8080",
                "http://localhost:9999",
                "http://[::1]:80"
            })
    void httpsAndLoopbackHttpAreAccepted(String url) {
        assertThatCode(() -> ApiClientSettings.defaults().checkGateway(url)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://connect.patsnap.com", "http://10.0.0.5:8080", "http://127.0.0.1.evil.example"})
    void plainHttpToAnotherHostIsRefusedUnlessAllowed(String url) {
        assertThatThrownBy(() -> ApiClientSettings.defaults().checkGateway(url))
                .hasMessageContaining("patsnap.allow-insecure-http");
        ApiClientSettings allowed = ApiClientSettings.from(Map.of("patsnap.allow-insecure-http", "true")::get);
        assertThatCode(() -> allowed.checkGateway(url)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://connect.patsnap.com", "connect.patsnap.com", "file:///etc/passwd"})
    void otherSchemesAreRefused(String url) {
        assertThatThrownBy(() -> ApiClientSettings.defaults().checkGateway(url)).hasMessageContaining("https://");
    }
}
