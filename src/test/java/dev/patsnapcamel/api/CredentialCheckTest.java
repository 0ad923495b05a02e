package dev.patsnapcamel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** When the sandbox is used, and which credential settings stop the start-up or are named as look-alikes. */
class CredentialCheckTest {

    static final List<String> FILE_KEYS = List.of(
            "patsnap.base-url",
            "patsnap.client-id",
            "patsnap.client-secret",
            "patsnap.api-key",
            "patsnap.sandbox.enabled");

    static PatsnapAccount account(String id, String secret, String key) {
        return new PatsnapAccount("https://connect.patsnap.com", id, secret, key, false);
    }

    static CredentialCheck check(Map<String, String> env, Map<String, String> options) {
        return new CredentialCheck(env, options, FILE_KEYS);
    }

    @Test
    void autoUsesTheSandboxOnlyWhenNoCredentialKeyIsSet() {
        CredentialCheck none = check(Map.of("PATH", "/bin"), Map.of());
        assertThat(none.useSandbox("auto", account("", "", ""))).isTrue();
        assertThat(none.useSandbox(" AUTO ", account("", " ", ""))).isTrue();
        assertThat(none.useSandbox("auto", account("acme", "s3cret", ""))).isFalse();
        assertThat(none.useSandbox("auto", account("", "", "sk-123"))).isFalse();
        // an API key that does not look like one is still used (with a WARN): it is not the sandbox
        assertThat(none.useSandbox("auto", account("", "", "123"))).isFalse();
        assertThat(none.useSandbox("true", account("acme", "", ""))).isTrue();
        assertThat(none.useSandbox("false", account("", "", "sk-1"))).isFalse();
        assertThatThrownBy(() -> none.useSandbox("false", account("", "", "")))
                .hasMessageStartingWith("no PatSnap credentials");
        assertThatThrownBy(() -> none.useSandbox("yes", account("", "", "")))
                .hasMessage("patsnap.sandbox.enabled must be true, false or auto, was 'yes'");
    }

    @Test
    void aPartialOrEmptyCredentialSetNamesTheKey() {
        CredentialCheck none = check(Map.of(), Map.of());
        for (String mode : List.of("auto", "false")) {
            assertThatThrownBy(() -> none.useSandbox(mode, account("acme", "", "")))
                    .hasMessageStartingWith(
                            "patsnap.client-secret is not set (PATSNAP_CLIENT_SECRET), but " + "patsnap.client-id is");
            assertThatThrownBy(() -> none.useSandbox(mode, account("", "s3cret", "")))
                    .hasMessageStartingWith(
                            "patsnap.client-id is not set (PATSNAP_CLIENT_ID), but " + "patsnap.client-secret is")
                    .hasMessageNotContaining("s3cret");
        }
        assertThatThrownBy(() -> check(Map.of("PATSNAP_API_KEY", ""), Map.of()).useSandbox("auto", account("", "", "")))
                .hasMessageStartingWith("patsnap.api-key is set but empty (environment variable PATSNAP_API_KEY)");
        assertThatThrownBy(() ->
                        check(Map.of(), Map.of("patsnap.client-secret", " ")).useSandbox("auto", account("", "", "")))
                .hasMessageStartingWith("patsnap.client-secret is set but empty (JVM option -Dpatsnap.client-secret)");
        // the key itself wins over an empty variable of another key; a secret read from a file is not "empty"
        assertThat(check(Map.of("PATSNAP_CLIENT_ID", "", "PATSNAP_CLIENT_ID_FILE", "/run/secrets/id"), Map.of())
                        .useSandbox("auto", account("", "", "")))
                .isTrue();
        assertThat(check(Map.of("PATSNAP_CLIENT_ID", ""), Map.of()).useSandbox("true", account("", "", "")))
                .isTrue();
    }

    @Test
    void lookAlikesAreNamedNeverTheirValues() {
        CredentialCheck check = new CredentialCheck(
                Map.of(
                        "PATSNAP_CLIENTSECRET",
                        "v1",
                        "PATSNAP_API_KEY ",
                        "v2",
                        "patsnap_client_id",
                        "v3",
                        "PATSNAP_CLIENT_SECERT",
                        "v4",
                        "PATSNAP_CLIENT_ID",
                        "ok",
                        "PATSNAP_API_KEY_FILE",
                        "/f",
                        "PATSNAP_BASE_URL",
                        "https://x",
                        "PATH",
                        "/bin"),
                Map.of("patsnap.apikey", "v5", "patsnap.client-id", "ok"),
                List.of("patsnap.client-id", "patsnap.client_secret", "patsnap.sandbox.enabled"));
        assertThat(check.lookAlikes())
                .containsExactlyInAnyOrder(
                        "environment variable 'PATSNAP_CLIENTSECRET'",
                        "environment variable 'PATSNAP_API_KEY '",
                        "environment variable 'patsnap_client_id'",
                        "environment variable 'PATSNAP_CLIENT_SECERT'",
                        "system property 'patsnap.apikey'",
                        "setting 'patsnap.client_secret'");
        assertThat(String.join(" ", check.lookAlikes())).doesNotContain("v1", "v2", "v3", "v4", "v5");
        assertThat(new CredentialCheck(Map.of("PATSNAP\r\nCLIENT_SECRET", "x"), Map.of(), List.of()).lookAlikes())
                .containsExactly("environment variable 'PATSNAP\\u000d\\u000aCLIENT_SECRET'");
    }
}
