package dev.patsnapcamel;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.patsnapcamel.ops.Alerts;
import dev.patsnapcamel.api.ApiClientSettings;
import dev.patsnapcamel.flow.BatchCall;
import dev.patsnapcamel.api.CallGate;
import dev.patsnapcamel.api.CredentialCheck;
import dev.patsnapcamel.api.ErrorCodePolicy;
import dev.patsnapcamel.api.PatsnapAccount;
import dev.patsnapcamel.api.RateGovernor;
import dev.patsnapcamel.api.TokenProvider;
import dev.patsnapcamel.flow.IntakeReader;
import dev.patsnapcamel.flow.LedgerWriter;
import dev.patsnapcamel.flow.Outputs;
import dev.patsnapcamel.flow.ParkableInput;
import dev.patsnapcamel.flow.ReportOutputs;
import dev.patsnapcamel.flow.Stopping;
import dev.patsnapcamel.flow.SourceLedger;
import dev.patsnapcamel.flow.SourceTracker;
import dev.patsnapcamel.intake.InboxFilter;
import dev.patsnapcamel.intake.IntakeLimits;
import dev.patsnapcamel.intake.SftpConnectionWatch;
import dev.patsnapcamel.intake.SftpEntryFilter;
import dev.patsnapcamel.intake.SftpSettings;
import dev.patsnapcamel.api.AccountHealthCheck;
import dev.patsnapcamel.ops.PatsnapMetrics;
import dev.patsnapcamel.output.CellText;
import dev.patsnapcamel.output.CsvOutput;
import dev.patsnapcamel.mail.MailComposer;
import dev.patsnapcamel.mail.MailOutbox;
import dev.patsnapcamel.mail.MailSeal;
import dev.patsnapcamel.mail.MailSettings;
import dev.patsnapcamel.mail.RecentFiles;
import dev.patsnapcamel.mail.SmtpServer;
import dev.patsnapcamel.state.JdbcProcessedRepository;
import dev.patsnapcamel.output.ResultDatabase;
import dev.patsnapcamel.queue.BrokerClients;
import dev.patsnapcamel.queue.QueueHeaders;
import dev.patsnapcamel.queue.QueueRequests;
import dev.patsnapcamel.state.CompletedInputs;
import dev.patsnapcamel.state.Database;
import dev.patsnapcamel.state.JdbcBatchRepository;
import dev.patsnapcamel.state.QueueRequestRecords;
import dev.patsnapcamel.state.JdbcIntakeRepository;
import dev.patsnapcamel.intake.ParkedFiles;
import dev.patsnapcamel.state.SourceRecords;
import dev.patsnapcamel.state.StateStore;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.component.amqp.AMQPComponent;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.jms.connection.CachingConnectionFactory;
import dev.patsnapcamel.state.WatchlistStore;
import dev.patsnapcamel.watchlist.ChangeDetection;
import dev.patsnapcamel.watchlist.QuartzTables;
import dev.patsnapcamel.watchlist.WatchlistResults;
import dev.patsnapcamel.watchlist.WatchlistRuns;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.patsnapcamel.sandbox.SandboxServer;
import dev.patsnapcamel.sandbox.SandboxSettings;
import dev.patsnapcamel.sandbox.SandboxSwitches;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the bundle's beans are created from the settings and registered for the routes.
 * Every value comes from {@code config/application.properties} (overridable by environment variables
 * and {@code -D} options); the defaults here only matter when a key is missing from that file.
 */
@Configuration
public class PatsnapConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(PatsnapConfiguration.class);

    @PropertyInject(value = "patsnap.base-url", defaultValue = "https://connect.patsnap.com")
    String baseUrl;
    @PropertyInject(value = "patsnap.client-id", defaultValue = "")
    String clientId;
    @PropertyInject(value = "patsnap.client-secret", defaultValue = "")
    String clientSecret;
    @PropertyInject(value = "patsnap.api-key", defaultValue = "")
    String apiKey;
    @PropertyInject(value = "patsnap.endpoints", defaultValue = "customs,license,litigation")
    String endpoints;
    @PropertyInject(value = "patsnap.batch.timeout", defaultValue = "2000")
    long batchTimeoutMs;
    @PropertyInject(value = "patsnap.batch.size", defaultValue = "100")
    int batchSize;
    @PropertyInject(value = "patsnap.qps", defaultValue = "5")
    int qps;
    @PropertyInject(value = "patsnap.max-in-flight", defaultValue = "16")
    int maxInFlight;
    @PropertyInject(value = "patsnap.http.connect-timeout", defaultValue = "5000")
    long connectTimeoutMs;

    @PropertyInject(value = "patsnap.sandbox.enabled", defaultValue = "auto")
    String sandboxEnabled;
    @PropertyInject(value = "patsnap.sandbox.port", defaultValue = "0")
    int sandboxPort;
    @PropertyInject(value = "patsnap.sandbox.latency-ms", defaultValue = "0")
    long sandboxLatencyMs;
    @PropertyInject(value = "patsnap.sandbox.latency-jitter-ms", defaultValue = "0")
    long sandboxJitterMs;
    @PropertyInject(value = "patsnap.sandbox.qps", defaultValue = "0")
    int sandboxQps;
    @PropertyInject(value = "patsnap.sandbox.token-lifetime", defaultValue = "1799")
    int sandboxTokenLifetime;

    @PropertyInject(value = "outbox.dir", defaultValue = "outbox")
    String outboxDir;
    @PropertyInject(value = "patsnap.rate-window-ms", defaultValue = "1040")
    long rateWindowMs;
    @PropertyInject(value = "patsnap.rate.cool-down", defaultValue = "60000")
    long rateCoolDownMs;
    @PropertyInject(value = "patsnap.stop.probe-interval", defaultValue = "300000")
    long probeIntervalMs;
    @PropertyInject(value = "patsnap.daily-limit.reset-time", defaultValue = "00:00")
    String dailyResetTime;
    @PropertyInject(value = "patsnap.daily-limit.zone", defaultValue = "Asia/Shanghai")
    String dailyResetZone;
    @PropertyInject(value = "patsnap.batch.recovery-interval", defaultValue = "5000")
    long recoveryIntervalMs;

    @PropertyInject(value = "state.jdbc.url", defaultValue = "jdbc:h2:file:./data/patsnap-state")
    String stateJdbcUrl;
    @PropertyInject(value = "state.jdbc.username", defaultValue = "")
    String stateJdbcUsername;
    @PropertyInject(value = "state.jdbc.password", defaultValue = "")
    String stateJdbcPassword;
    @PropertyInject(value = "state.jdbc.pool-size", defaultValue = "10")
    int stateJdbcPoolSize;

    @PropertyInject(value = "outputs", defaultValue = "ledger")
    String outputs;

    @PropertyInject(value = "sink.jdbc.url", defaultValue = "jdbc:h2:file:./data/patsnap-results")
    String sinkJdbcUrl;
    @PropertyInject(value = "sink.jdbc.username", defaultValue = "")
    String sinkJdbcUsername;
    @PropertyInject(value = "sink.jdbc.password", defaultValue = "")
    String sinkJdbcPassword;
    @PropertyInject(value = "sink.jdbc.pool-size", defaultValue = "4")
    int sinkJdbcPoolSize;

    @Override
    public void configure(CamelContext context) throws Exception {
        validate();
        // the least time between two calls follows from the rate (derived, so not a setting of its own);
        // the guard against jitter is in the one-second window, which the spacing alone never fills
        context.getPropertiesComponent().addOverrideProperty("patsnap.rate.spacing-ms",
                Long.toString(Math.max(1, 1000 / qps)));
        Clock clock = Clock.systemUTC();
        Registry registry = context.getRegistry();

        PatsnapAccount account = account(context);
        LOG.info("PatSnap account: {}", account);
        ApiClientSettings client = ApiClientSettings.from(k -> context.getPropertiesComponent().resolveProperty(k).orElse(null));
        client.checkGateway(account.baseUrl());
        TokenProvider tokens = new TokenProvider(account, client, Duration.ofMillis(connectTimeoutMs * 2), clock);
        context.addService(new Closing(tokens), true, true);
        ErrorCodePolicy policy = new ErrorCodePolicy(errorPolicyOverrides(context));

        PatsnapMetrics metrics = new PatsnapMetrics(meterRegistry(registry));

        StateStore state = stateStore(context);
        List<String> catalogue = catalogueEndpoints(context);
        state.migrate();
        SourceRecords sourceRecords = new SourceRecords(state);
        sourceRecords.claimOrigin(account.sandbox(), stateJdbcUrl, clock);
        SourceTracker tracker = new SourceTracker(endpointList(), sourceRecords, clock, account.sandbox());
        LedgerWriter ledger = new LedgerWriter(Path.of(outboxDir), state, metrics, clock, account.sandbox());
        ledger.recover();
        for (String endpoint : catalogue) {
            JdbcBatchRepository batches = batchRepository(state, endpoint, recoveryIntervalMs);
            batches.setCompletionTimeout(batchTimeoutMs);
            registry.bind("patsnap-batches-" + endpoint, batches);
        }
        Alerts alerts = new Alerts(Path.of(outboxDir), clock);
        CallGate gate = new CallGate(alerts, clock, Duration.ofMillis(probeIntervalMs), LocalTime.parse(dailyResetTime),
                ZoneId.of(dailyResetZone));

        registry.bind("patsnapAccount", account);
        registry.bind("tokenProvider", tokens);
        registry.bind("errorCodePolicy", policy);
        registry.bind("intakeRepository", new JdbcIntakeRepository(state));
        registry.bind("sourceTracker", tracker);
        registry.bind("ledgerWriter", ledger);
        registry.bind("ledgerOutbox", ledger.outbox());
        Stopping stopping = new Stopping();
        context.addLifecycleStrategy(stopping);
        registry.bind("stopping", stopping);
        IntakeReader intakeReader = new IntakeReader(IntakeLimits.from(
                key -> context.getPropertiesComponent().resolveProperty(key).orElse(null)));
        registry.bind("intakeReader", intakeReader);
        registry.bind("parkableInput", new ParkableInput(intakeReader, stopping));
        context.getPropertiesComponent().resolveProperty("intake.file.dir")
                .ifPresent(inbox -> ParkedFiles.restore(Path.of(inbox.trim())));
        registry.bind("alerts", alerts);
        registry.bind("callGate", gate);
        Outputs outputRouting = new Outputs(outputs, intakeOutputs(context), id -> context.getRoute(id) != null,
                sourceRecords::intakeOf);
        registry.bind("outputs", outputRouting);
        registry.bind("reportOutputs", new ReportOutputs(outputRouting));
        bindCsvAndMail(context, registry, state, ledger, alerts, outputRouting, clock);
        bindResultDatabase(context, registry, outputRouting, ledger, account, clock);
        RateGovernor rate = new RateGovernor(qps, maxInFlight, Duration.ofMillis(rateCoolDownMs), clock);
        registry.bind("rateGovernor", rate);
        registry.bind("batchCall", new BatchCall(account, client, tokens, policy, tracker, gate, rate, metrics, clock));
        metrics.gauges(() -> context.getInflightRepository().size("patsnap-request"), rate::allowed);
        bindQueueIntake(context, registry, state, clock);
        bindSftpIntake(context, registry, alerts, state);
        bindFileIntake(context, registry, clock);
        bindWatchlist(context, registry, alerts, state, account, clock);
        AccountHealthCheck accountHealth = new AccountHealthCheck(gate, account.sandbox());
        context.addStartupListener((ctx, alreadyStarted) -> {
            checkEndpointRoutes(ctx);
            outputRouting.check();
            HealthCheckRegistry health = HealthCheckRegistry.get(ctx);
            if (health != null) {
                health.register(accountHealth);
            }
        });
    }

    /**
     * The CSV and mail outputs (routes report-to-csv, report-to-mail, alerts-to-mail, changes-to-mail,
     * mail-queue, mail-send). Mail settings are checked here when {@code mail} is among the outputs; the
     * SMTP component gets the account, so that no secret is ever part of an endpoint URI or a log line.
     */
    private static void bindCsvAndMail(CamelContext context, Registry registry, StateStore state, LedgerWriter ledger,
            Alerts alerts, Outputs outputRouting, Clock clock) {
        var properties = context.getPropertiesComponent();
        java.util.function.BinaryOperator<String> setting = (key, fallback) -> properties.resolveProperty(key)
                .map(String::trim).orElse(fallback);
        SourceLedger sourceLedger = new SourceLedger(ledger::folder);
        CellText cells = new CellText("; ");
        Map<String, List<String>> columns = new LinkedHashMap<>();
        Properties configured = properties.loadProperties(k -> k.startsWith("sink.csv.columns."));
        configured.stringPropertyNames().forEach(k -> columns.put(k.substring("sink.csv.columns.".length()),
                MailSettings.items(configured.getProperty(k))));
        Path csvDir = Path.of(setting.apply("sink.csv.dir", setting.apply("outbox.dir", "outbox") + "/csv"));
        CsvOutput csv = new CsvOutput(csvDir, sourceLedger, columns, Boolean.parseBoolean(setting.apply("sink.csv.bom", "true")),
                cells.withFormulaGuard(Boolean.parseBoolean(setting.apply("sink.csv.formula-guard", "true"))));
        registry.bind("csvSink", csv);

        boolean mailOn = outputRouting.named().contains("mail");
        SmtpServer smtp = SmtpServer.from(setting);
        MailSettings mail = MailSettings.from(setting);
        if (mailOn) {
            smtp.check(mail);
        }
        registry.bind("mailComposer", new MailComposer(mail, sourceLedger, csv, outputRouting, cells, clock));
        registry.bind("mailOutbox", new MailOutbox(Path.of(setting.apply("outbox.dir", "outbox"), "mail"),
                smtp.sender(), alerts, clock,
                Duration.ofMillis(Long.parseLong(setting.apply("mail.retry.delay", "10000"))),
                Duration.ofMillis(Long.parseLong(setting.apply("mail.retry.max-delay", "600000"))),
                Integer.parseInt(setting.apply("mail.retry.alert-after", "3")),
                Duration.ofMillis(Long.parseLong(setting.apply("mail.retry.give-up-after", "86400000"))),
                // the key is only made where mails are sent (nothing queued without it is sent anyway)
                mailOn ? MailSeal.of(Path.of(setting.apply("state.dir", "data"), "mail-outbox.key")) : MailSeal.random(),
                List.of(Path.of(setting.apply("outbox.dir", "outbox")), Path.of(setting.apply("sink.csv.dir", "outbox/csv")))));
        registry.bind("mailedAlerts", new JdbcProcessedRepository(state, "alerts-to-mail"));
        registry.bind("recentAlerts", new RecentFiles(Duration.ofMillis(mail.alertMaxAgeMs()), clock));
        // the SMTP account on the component: endpoints copy it, URIs and logs never show it
        smtp.applyTo(context.getComponent(smtp.transport(), MailComponent.class).getConfiguration());

        // derived settings for the mail routes (not keys of their own)
        properties.addOverrideProperty("mail.internal.transport", smtp.transport());
        properties.addOverrideProperty("mail.internal.host", smtp.host().isEmpty() ? "localhost" : smtp.host());
        properties.addOverrideProperty("mail.internal.send", Boolean.toString(mailOn));
        properties.addOverrideProperty("mail.internal.alerts",
                Boolean.toString(mailOn && !mail.to(MailSettings.ALERT).isEmpty()));
        if (mailOn) {
            LOG.info("Mail via {}: {}", smtp, mail.describe());
        }
    }

    /**
     * The queue intake (routes intake-jms, intake-amqp, intake-queue-request, results-to-queue,
     * report-to-queue): the table of requests and the bean that names and answers them, and a Camel
     * component per enabled broker, {@code jms} (ActiveMQ Artemis, core protocol) and {@code amqp}
     * (AMQP 1.0, Qpid JMS). Each component consumes through the broker's own connection factory (Camel's
     * listener container reconnects after an outage every {@code intake.queue.recovery-interval} ms) and
     * sends answers through a caching one (one connection, reused sessions and producers).
     */
    private void bindQueueIntake(CamelContext context, Registry registry, StateStore state, Clock clock)
            throws Exception {
        QueueRequestRecords requests = new QueueRequestRecords(state);
        var properties = context.getPropertiesComponent();
        registry.bind("queueRequests", new QueueRequests(requests, endpointList(), clock,
                Integer.parseInt(properties.resolveProperty("intake.queue.max-message-bytes").orElse("10485760").trim()),
                Integer.parseInt(properties.resolveProperty("intake.queue.max-header-length").orElse("256").trim())));
        registry.bind("queueHeaders", new QueueHeaders());
        for (String broker : List.of("jms", "amqp")) {
            String prefix = "intake." + broker + ".";
            if (!Boolean.parseBoolean(properties.resolveProperty(prefix + "enabled").orElse("false").trim())) {
                continue;
            }
            String url = properties.resolveProperty(prefix + "url").orElse("").trim();
            if (url.isEmpty()) {
                throw new IllegalArgumentException(prefix + "enabled is true but " + prefix + "url is not set");
            }
            String username = properties.resolveProperty(prefix + "username").filter(u -> !u.isBlank()).orElse(null);
            String password = properties.resolveProperty(prefix + "password").filter(p -> !p.isEmpty()).orElse(null);
            jakarta.jms.ConnectionFactory receiving;
            JmsComponent component;
            if (broker.equals("jms")) {
                ActiveMQConnectionFactory artemis = BrokerClients.artemis(url, username, password);
                context.addService(new Closing(artemis), true, true);
                receiving = artemis;
                component = new JmsComponent();
            } else {
                receiving = BrokerClients.amqp(url, username, password);
                component = new AMQPComponent();
            }
            CachingConnectionFactory sending = new CachingConnectionFactory(receiving);
            sending.setSessionCacheSize(maxInFlight + 2);
            context.addService(new Closing(sending::destroy), true, true);
            component.getConfiguration().setConnectionFactory(receiving);
            component.getConfiguration().setListenerConnectionFactory(receiving);
            component.getConfiguration().setTemplateConnectionFactory(sending);
            registry.bind(broker, component);
            LOG.info("Queue intake over {}: {}{}", broker.equals("jms") ? "JMS (Artemis core protocol)" : "AMQP 1.0",
                    url.replaceAll("(?i)(password=)[^;&]*", "$1xxxxxx"), username == null ? "" : " as " + username);
        }
    }

    /**
     * The SFTP intake (route intake-sftp): its settings checked when enabled, the values its route needs
     * worked out from them, the watch over its connection, and the memory of inputs settled before.
     */
    private static void bindSftpIntake(CamelContext context, Registry registry, Alerts alerts, StateStore state) {
        SftpSettings sftp = SftpSettings.from(key -> context.getPropertiesComponent().resolveProperty(key).orElse(null));
        sftp.check();
        sftp.routeProperties().forEach(context.getPropertiesComponent()::addOverrideProperty);
        registry.bind("sftpConnection", new SftpConnectionWatch(sftp, alerts));
        registry.bind("completedInputs", new CompletedInputs(state));
        registry.bind("sftpEntryFilter", new SftpEntryFilter());
    }

    /**
     * The watched folder (route intake-file): which inbox entries are inputs ({@link InboxFilter}), and how
     * long its read lock waits for a file before leaving it for the next look (ten times the stable time).
     */
    private static void bindFileIntake(CamelContext context, Registry registry, Clock clock) {
        var properties = context.getPropertiesComponent();
        long stableMs = Long.parseLong(properties.resolveProperty("intake.file.stable-ms").orElse("1000").trim());
        boolean followLinks = Boolean.parseBoolean(
                properties.resolveProperty("intake.file.follow-links").orElse("false").trim());
        if (followLinks) {
            LOG.warn("Watched folder: symbolic links are followed (intake.file.follow-links=true): whoever can write "
                    + "to the inbox can make the bundle read any file it may read");
        }
        properties.addOverrideProperty("intake.file.read-lock-timeout", Long.toString(Math.max(1000, stableMs * 10)));
        registry.bind("inboxFilter", new InboxFilter(stableMs, followLinks, clock));
    }

    /**
     * The scheduled watch list (routes watchlist-sync, watchlist-resume, results-to-watchlist,
     * report-to-watchlist, changes-publish): who starts its runs, where their snapshots go, and the change
     * detection; the Quartz tables when Quartz is configured to keep its schedule in the state database.
     */
    private void bindWatchlist(CamelContext context, Registry registry, Alerts alerts, StateStore state,
            PatsnapAccount account, Clock clock) {
        WatchlistStore snapshots = new WatchlistStore(state);
        if (Boolean.parseBoolean(context.getPropertiesComponent().resolveProperty("watchlist.enabled").orElse("false")
                .trim())) {
            snapshots.claim(account.sandbox(), stateJdbcUrl, clock);
        }
        String file = context.getPropertiesComponent().resolveProperty("watchlist.file").orElse("config/watchlist.txt");
        registry.bind("watchlistRuns", new WatchlistRuns(Path.of(file.trim()), new SourceRecords(state), alerts, clock));
        WatchlistResults results = new WatchlistResults(snapshots);
        registry.bind("watchlistResults", results);
        registry.bind("changeDetection", new ChangeDetection(snapshots, results, Path.of(outboxDir), alerts, clock));
        Map<String, String> quartz = new LinkedHashMap<>();
        String option = "camel.component.quartz.properties[";
        Properties set = context.getPropertiesComponent().loadProperties(k -> k.startsWith(option) && k.endsWith("]"));
        set.stringPropertyNames().forEach(k -> quartz.put(k.substring(option.length(), k.length() - 1),
                context.resolvePropertyPlaceholders(set.getProperty(k))));
        QuartzTables.ensure(quartz);
    }

    private void validate() {
        if (batchSize < 1 || batchSize > 100) {
            throw new IllegalArgumentException("patsnap.batch.size must be between 1 and 100, was " + batchSize);
        }
        if (qps < 1) {
            throw new IllegalArgumentException("patsnap.qps must be at least 1, was " + qps);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("patsnap.max-in-flight must be at least 1, was " + maxInFlight);
        }
    }

    /** The account to call: the configured one, or the built-in sandbox when it is enabled. */
    private PatsnapAccount account(CamelContext context) throws Exception {
        PatsnapAccount configured = new PatsnapAccount(baseUrl, clientId, clientSecret, apiKey, false);
        Map<String, String> options = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().forEach(k -> options.put(k, System.getProperty(k)));
        boolean useSandbox = new CredentialCheck(System.getenv(), options,
                context.getPropertiesComponent().loadProperties().stringPropertyNames())
                .useSandbox(sandboxEnabled, configured);
        if (!useSandbox) {
            return configured;
        }
        SandboxSettings settings = new SandboxSettings().port(sandboxPort).latencyMs(sandboxLatencyMs)
                .latencyJitterMs(sandboxJitterMs).qpsLimit(sandboxQps).tokenLifetimeSeconds(sandboxTokenLifetime)
                .dataGeneration(Integer.parseInt(context.getPropertiesComponent()
                        .resolveProperty("patsnap.sandbox.data-generation").orElse("0").trim()));
        SandboxSwitches.apply(settings, name -> context.getPropertiesComponent()
                .resolveProperty("patsnap.sandbox." + name).orElse(null));
        if (configured.scheme() == PatsnapAccount.Scheme.NONE) {
            configured = new PatsnapAccount(baseUrl, SandboxSettings.DEFAULT_CLIENT_ID,
                    SandboxSettings.DEFAULT_CLIENT_SECRET, "", true);
        }
        settings.clientId(configured.clientId().isEmpty() ? SandboxSettings.DEFAULT_CLIENT_ID : configured.clientId())
                .clientSecret(configured.clientSecret().isEmpty() ? SandboxSettings.DEFAULT_CLIENT_SECRET : configured.clientSecret())
                .apiKey(configured.apiKey().isEmpty() ? SandboxSettings.DEFAULT_API_KEY : configured.apiKey());
        SandboxServer sandbox = new SandboxServer(settings).start();
        context.addService(new Closing(sandbox), true, true);
        context.getRegistry().bind("patsnapSandbox", sandbox);
        LOG.warn("Using the built-in PatSnap SANDBOX at {} ({}): results are invented, not PatSnap data, and every "
                + "ledger line and report says \"sandbox\": true (configure the credentials to call the real API)",
                sandbox.baseUrl(), "patsnap.sandbox.enabled=" + sandboxEnabled.trim()
                        + (sandboxEnabled.trim().equalsIgnoreCase("auto") ? " and no credentials are set" : ""));
        return new PatsnapAccount(sandbox.baseUrl(), configured.clientId(), configured.clientSecret(), configured.apiKey(),
                true);
    }

    /** Camel's meter registry (served at /observe/metrics), or a new one when metrics are switched off. */
    private static MeterRegistry meterRegistry(Registry registry) {
        MeterRegistry meters = registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        }
        return meters;
    }

    /** The state database: a pooled connection to {@code state.jdbc.url}, closed with the context. */
    private StateStore stateStore(CamelContext context) throws Exception {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(stateJdbcUrl);
        pool.setUsername(stateJdbcUsername);
        pool.setPassword(stateJdbcPassword);
        pool.setMaximumPoolSize(stateJdbcPoolSize);
        pool.setPoolName("patsnap-state");
        HikariDataSource dataSource = new HikariDataSource(pool);
        context.addService(new Closing(dataSource), true, true);
        context.getRegistry().bind("patsnapStateDataSource", dataSource);
        LOG.info("State database: {}", Database.safeUrl(stateJdbcUrl));
        return new StateStore(dataSource, stateJdbcUrl);
    }

    /**
     * The result database, when {@code jdbc} is among the outputs of any intake: a pool to {@code sink.jdbc.url}
     * (closed with the context), its schema migrated now (start-up fails with a clear message if it cannot be
     * reached), bound as {@code resultDatabase} and {@code patsnapResultsDataSource}; otherwise an inactive
     * {@code resultDatabase}, so that the jdbc routes can be built. Sets {@code sink.jdbc.active}, which starts
     * the catch-up route.
     */
    private void bindResultDatabase(CamelContext context, Registry registry, Outputs outputRouting, LedgerWriter ledger,
            PatsnapAccount account, Clock clock) throws Exception {
        boolean active = outputRouting.named().contains("jdbc");
        context.getPropertiesComponent().addOverrideProperty("sink.jdbc.active", Boolean.toString(active));
        if (!active) {
            registry.bind("resultDatabase", ResultDatabase.inactive());
            return;
        }
        HikariDataSource dataSource = ResultDatabase.open(sinkJdbcUrl, sinkJdbcUsername, sinkJdbcPassword,
                sinkJdbcPoolSize);
        context.addService(new Closing(dataSource), true, true);
        LOG.info("Result database: {}", ResultDatabase.safeUrl(sinkJdbcUrl));
        ResultDatabase results = new ResultDatabase(dataSource, ledger::folder, clock);
        results.migrate();
        results.claim(account.sandbox(), sinkJdbcUrl);
        registry.bind("patsnapResultsDataSource", dataSource);
        registry.bind("resultDatabase", results);
    }

    /** The persistent aggregation repository of one endpoint's batches. */
    private static JdbcBatchRepository batchRepository(StateStore state, String endpoint, long recoveryIntervalMs) {
        JdbcBatchRepository repository = new JdbcBatchRepository(state, endpoint);
        repository.setUseRecovery(true);
        repository.setRecoveryInterval(recoveryIntervalMs);
        return repository;
    }

    /** Every endpoint of the catalogue ({@code camel.routeTemplate[...].endpoint}), used or not. */
    private static List<String> catalogueEndpoints(CamelContext context) {
        Properties entries = context.getPropertiesComponent()
                .loadProperties(k -> k.startsWith("camel.routeTemplate[") && k.endsWith("].endpoint"));
        return entries.stringPropertyNames().stream().map(entries::getProperty).map(String::trim).distinct().sorted()
                .toList();
    }

    private List<String> endpointList() {
        return Arrays.stream(endpoints.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    /** Each intake's own {@code outputs}, where set: {@code intake.file.outputs}, ..., {@code watchlist.outputs}. */
    private static Map<String, String> intakeOutputs(CamelContext context) {
        Map<String, String> perIntake = new LinkedHashMap<>();
        for (String intake : List.of("file", "sftp", "queue", "watchlist")) {
            String key = ("watchlist".equals(intake) ? "" : "intake.") + intake + ".outputs";
            context.getPropertiesComponent().resolveProperty(key).ifPresent(v -> perIntake.put(intake, v));
        }
        return perIntake;
    }

    private static Properties errorPolicyOverrides(CamelContext context) {
        return context.getPropertiesComponent().loadProperties(k -> k.startsWith(ErrorCodePolicy.OVERRIDE_PREFIX));
    }

    /** Every endpoint in {@code patsnap.endpoints} needs a route made from the endpoint template. */
    private void checkEndpointRoutes(CamelContext context) {
        for (String endpoint : endpointList()) {
            boolean present = context.getRoutes().stream()
                    .anyMatch(r -> r.getEndpoint().getEndpointUri().equals("direct://patsnap-batch-" + endpoint));
            if (!present) {
                throw new IllegalStateException("patsnap.endpoints lists '" + endpoint + "' but no route serves it: add "
                        + "camel.routeTemplate[patsnap-" + endpoint + "].* entries (see config/application.properties)");
            }
        }
    }

    /** Closes an {@link AutoCloseable} when the Camel context stops. */
    private static final class Closing extends ServiceSupport {
        private final AutoCloseable resource;

        Closing(AutoCloseable resource) {
            this.resource = resource;
        }

        @Override
        protected void doStop() throws Exception {
            resource.close();
        }
    }
}
