package dev.patsnapcamel.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.BinaryOperator;

import org.apache.camel.component.mail.MailConfiguration;
import org.junit.jupiter.api.Test;

class SmtpServerTest {

    private static BinaryOperator<String> settings(Map<String, String> values) {
        return (key, fallback) -> values.getOrDefault(key, fallback);
    }

    @Test
    void starttlsWithLoginGoesOnTheComponentAndNeverIntoTheText() {
        SmtpServer smtp = SmtpServer.from(settings(Map.of(
                "mail.host",
                "smtp.example.com",
                "mail.port",
                "587",
                "mail.username",
                "bot@example.com",
                "mail.password",
                "s3cret!",
                "mail.ssl.trust",
                "relay.internal")));
        MailConfiguration component = new MailConfiguration();
        smtp.applyTo(component);

        assertThat(smtp.transport()).isEqualTo("smtp");
        assertThat(smtp.sender()).isEqualTo("bot@example.com");
        assertThat(component.getUsername()).isEqualTo("bot@example.com");
        assertThat(component.getPassword()).isEqualTo("s3cret!");
        assertThat(component.getAdditionalJavaMailProperties())
                .containsEntry("mail.smtp.starttls.enable", "true")
                .containsEntry("mail.smtp.starttls.required", "true")
                .containsEntry("mail.smtp.ssl.trust", "relay.internal")
                .containsEntry("mail.smtp.ssl.checkserveridentity", "true");
        assertThat(smtp.toString())
                .contains("smtp://smtp.example.com:587", "starttls", "with login")
                .doesNotContain("s3cret!");
    }

    @Test
    void sslUsesSmtpsAndNoneSkipsStarttls() {
        assertThat(SmtpServer.from(settings(Map.of("mail.security", "SSL"))).transport())
                .isEqualTo("smtps");
        MailConfiguration plain = new MailConfiguration();
        SmtpServer relay = SmtpServer.from(settings(Map.of("mail.security", "none", "mail.host", "localhost")));
        relay.applyTo(plain);
        assertThat(plain.getAdditionalJavaMailProperties()).doesNotContainKey("mail.smtp.starttls.enable");
        assertThat(plain.getUsername()).isNull();
        assertThat(relay.sender()).isEqualTo("patsnap-camel@localhost");
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatThrownBy(() -> SmtpServer.from(settings(Map.of("mail.security", "tls"))))
                .hasMessageContaining("mail.security must be none, starttls or ssl, was 'tls'");
        MailSettings mail = MailSettings.from(settings(Map.of("mail.to.alerts", "ops@example.com, not an address")));
        assertThatThrownBy(() -> SmtpServer.from(settings(Map.of())).check(mail))
                .hasMessageContaining("mail.host is not set");
        assertThatThrownBy(() ->
                        SmtpServer.from(settings(Map.of("mail.host", "h"))).check(mail))
                .hasMessageContaining("mail.from is not set");
        assertThatThrownBy(() -> SmtpServer.from(settings(Map.of("mail.host", "h", "mail.from", "a@b.c")))
                        .check(mail))
                .hasMessageContaining("mail.to.alerts is not a valid address list");
    }
}
