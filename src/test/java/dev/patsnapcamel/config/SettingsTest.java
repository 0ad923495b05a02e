package dev.patsnapcamel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.patsnapcamel.YesNoFunction;
import dev.patsnapcamel.support.LogCapture;

/**
 * Durations in Camel's forms and today's plain numbers (ms, or seconds for the keys that always were), old key
 * spellings still accepted (and named in a WARN), a missing key named, and the placeholder functions the routes
 * use instead of keys worked out at start-up.
 */
class SettingsTest {

    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    private Settings settings(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        context.getPropertiesComponent().setInitialProperties(properties);
        return Settings.of(context);
    }

    @Test
    void durationsTakeCamelsFormsAndPlainNumbersAsBefore() {
        Settings settings = settings(
                "patsnap.batch.timeout",
                "2000",
                "patsnap.rate.window",
                "1040ms",
                "mail.retry.give-up-after",
                "24h",
                "patsnap.stop.probe-interval",
                "1m30s",
                "patsnap.sandbox.token-lifetime",
                "1799",
                "patsnap.sandbox.retry-after",
                "2m",
                "mail.timeout",
                "30s");
        assertThat(settings.millis("patsnap.batch.timeout")).isEqualTo(2000);
        assertThat(settings.millis("patsnap.rate.window")).isEqualTo(1040);
        assertThat(settings.duration("mail.retry.give-up-after")).isEqualTo(Duration.ofHours(24));
        assertThat(settings.millis("patsnap.stop.probe-interval")).isEqualTo(90_000);
        // plain numbers of these keys have always been seconds
        assertThat(settings.duration("patsnap.sandbox.token-lifetime")).isEqualTo(Duration.ofSeconds(1799));
        assertThat(settings.duration("patsnap.sandbox.retry-after")).isEqualTo(Duration.ofMinutes(2));
        // classes that read ms themselves get plain ms, whatever the form
        assertThat(settings.lookup().apply("mail.timeout")).isEqualTo("30000");
        assertThat(settings.lookup().apply("patsnap.batch.timeout")).isEqualTo("2000");
    }

    @Test
    void aMissingOrMalformedKeyIsNamed() {
        Settings settings = settings("patsnap.batch.timeout", "soon", "intake.file.enabled", "yes");
        assertThatThrownBy(() -> settings.text("patsnap.qps"))
                .hasMessageContaining("patsnap.qps")
                .hasMessageContaining("config/application.properties");
        assertThatThrownBy(() -> settings.millis("patsnap.batch.timeout"))
                .hasMessageContaining("patsnap.batch.timeout")
                .hasMessageContaining("'soon'");
        assertThatThrownBy(() -> settings.flag("intake.file.enabled")).hasMessageContaining("true or false");
    }

    @Test
    void oldSpellingsStillWorkAndAreNamedOnce() {
        Settings settings = settings(
                "intake.file.stable-time",
                "1s",
                "intake.file.stable-ms",
                "250",
                "mail.poll-interval",
                "1s",
                "patsnap.rate.window",
                "1040ms");
        try (LogCapture log = LogCapture.attach()) {
            RenamedKeys.apply(context.getPropertiesComponent());
            assertThat(log.messages(Level.WARN))
                    .hasSize(1)
                    .allMatch(m -> m.contains("intake.file.stable-ms") && m.contains("intake.file.stable-time"));
        }
        assertThat(settings.millis("intake.file.stable-time")).isEqualTo(250);
        assertThat(context.resolvePropertyPlaceholders("{{intake.file.stable-time}}"))
                .isEqualTo("250");
        assertThat(settings.millis("mail.poll-interval")).isEqualTo(1000);
    }

    @Test
    void theRoutesFunctionsOfDocumentedKeys() {
        context.getPropertiesComponent().addPropertiesFunction(new YesNoFunction());
        settings("intake.sftp.strict-host-key-checking", "true");
        assertThat(context.resolvePropertyPlaceholders("{{yesno:{{intake.sftp.strict-host-key-checking}}}}"))
                .isEqualTo("yes");
        assertThat(new YesNoFunction().apply("false")).isEqualTo("no");
        assertThatThrownBy(() -> new YesNoFunction().apply("maybe")).hasMessageContaining("true or false");
    }
}
