package dev.patsnapcamel.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.patsnapcamel.api.CredentialCheck;
import dev.patsnapcamel.api.PatsnapAccount;
import dev.patsnapcamel.sandbox.SandboxServer;
import dev.patsnapcamel.sandbox.SandboxSettings;
import dev.patsnapcamel.sandbox.SandboxSwitches;

/**
 * First of the configuration classes: applies the {@link RenamedKeys}, checks the limits of the calls, and
 * binds the account to call, {@code patsnapAccount}: the configured one, or the built-in sandbox
 * ({@code patsnapSandbox}, started here and stopped with the context) when {@code patsnap.sandbox.enabled}
 * says so.
 */
public class AccountConfiguration implements FeatureConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AccountConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        RenamedKeys.apply(context.getPropertiesComponent());
        Settings settings = Settings.of(context);
        validate(settings);
        PatsnapAccount account = account(context, settings);
        LOG.info("PatSnap account: {}", account);
        context.getRegistry().bind("patsnapAccount", account);
    }

    private static void validate(Settings settings) {
        int batchSize = settings.integer("patsnap.batch.size");
        if (batchSize < 1 || batchSize > 100) {
            throw new IllegalArgumentException("patsnap.batch.size must be between 1 and 100, was " + batchSize);
        }
        int qps = settings.integer("patsnap.qps");
        if (qps < 1) {
            throw new IllegalArgumentException("patsnap.qps must be at least 1, was " + qps);
        }
        int maxInFlight = settings.integer("patsnap.max-in-flight");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("patsnap.max-in-flight must be at least 1, was " + maxInFlight);
        }
    }

    private static PatsnapAccount account(CamelContext context, Settings settings) throws Exception {
        String baseUrl = settings.text("patsnap.base-url");
        PatsnapAccount configured = new PatsnapAccount(
                baseUrl,
                settings.secret("patsnap.client-id"),
                settings.secret("patsnap.client-secret"),
                settings.secret("patsnap.api-key"),
                false);
        Map<String, String> options = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().forEach(k -> options.put(k, System.getProperty(k)));
        String enabled = settings.text("patsnap.sandbox.enabled");
        boolean useSandbox = new CredentialCheck(
                        System.getenv(),
                        options,
                        context.getPropertiesComponent().loadProperties().stringPropertyNames())
                .useSandbox(enabled, configured);
        if (!useSandbox) {
            return configured;
        }
        SandboxSettings sandboxSettings = new SandboxSettings()
                .port(settings.integer("patsnap.sandbox.port"))
                .latencyMs(settings.millis("patsnap.sandbox.latency"))
                .latencyJitterMs(settings.millis("patsnap.sandbox.latency-jitter"))
                .qpsLimit(settings.integer("patsnap.sandbox.qps"))
                .tokenLifetimeSeconds((int)
                        settings.duration("patsnap.sandbox.token-lifetime").toSeconds())
                .dataGeneration(settings.integer("patsnap.sandbox.data-generation"));
        SandboxSwitches.apply(sandboxSettings, name -> sandboxSwitch(settings, name));
        if (configured.scheme() == PatsnapAccount.Scheme.NONE) {
            configured = new PatsnapAccount(
                    baseUrl, SandboxSettings.DEFAULT_CLIENT_ID, SandboxSettings.DEFAULT_CLIENT_SECRET, "", true);
        }
        sandboxSettings
                .clientId(configured.clientId().isEmpty() ? SandboxSettings.DEFAULT_CLIENT_ID : configured.clientId())
                .clientSecret(
                        configured.clientSecret().isEmpty()
                                ? SandboxSettings.DEFAULT_CLIENT_SECRET
                                : configured.clientSecret())
                .apiKey(configured.apiKey().isEmpty() ? SandboxSettings.DEFAULT_API_KEY : configured.apiKey());
        SandboxServer sandbox = new SandboxServer(sandboxSettings).start();
        context.addService(new Closing(sandbox), true, true);
        context.getRegistry().bind("patsnapSandbox", sandbox);
        LOG.warn(
                "Using the built-in PatSnap SANDBOX at {} ({}): results are invented, not PatSnap data, and every "
                        + "ledger line and report says \"sandbox\": true (configure the credentials to call the real API)",
                sandbox.baseUrl(),
                "patsnap.sandbox.enabled=" + enabled
                        + (enabled.equalsIgnoreCase("auto") ? " and no credentials are set" : ""));
        return new PatsnapAccount(
                sandbox.baseUrl(), configured.clientId(), configured.clientSecret(), configured.apiKey(), true);
    }

    /** A sandbox switch ({@code patsnap.sandbox.<name>}); the seconds of {@code retry-after} in any duration form. */
    private static String sandboxSwitch(Settings settings, String name) {
        String key = "patsnap.sandbox." + name;
        if (Settings.SECONDS.contains(key)) {
            return Long.toString(settings.duration(key).toSeconds());
        }
        return settings.optional(key);
    }
}
