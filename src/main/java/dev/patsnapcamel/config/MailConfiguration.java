package dev.patsnapcamel.config;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.flow.Outputs;
import dev.patsnapcamel.flow.SourceLedger;
import dev.patsnapcamel.mail.MailComposer;
import dev.patsnapcamel.mail.MailOutbox;
import dev.patsnapcamel.mail.MailSeal;
import dev.patsnapcamel.mail.MailSettings;
import dev.patsnapcamel.mail.RecentFiles;
import dev.patsnapcamel.mail.SmtpServer;
import dev.patsnapcamel.ops.Alerts;
import dev.patsnapcamel.output.CellText;
import dev.patsnapcamel.output.CsvOutput;
import dev.patsnapcamel.state.JdbcProcessedRepository;
import dev.patsnapcamel.state.StateStore;

/**
 * The mail output (routes report-to-mail, alerts-to-mail, changes-to-mail, mail-queue, mail-send, present only
 * when {@code mail} is an output): the settings checked, the SMTP account set on the {@code smtp} or
 * {@code smtps} component (so that no secret is ever part of an endpoint URI or a log line), the server
 * ({@code smtpServer}, whose {@code transport} mail-send reads), the mails' composer and outbox, and what the
 * alert mails need. Nothing is built when mail is not an output.
 */
public class MailConfiguration implements FeatureConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MailConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        if (!Beans.need(context, "outputs", Outputs.class).has("mail")) {
            return;
        }
        Settings settings = Settings.of(context);
        Registry registry = context.getRegistry();
        Clock clock = Clock.systemUTC();
        ObjectMapper json = Beans.need(context, "jsonMapper", ObjectMapper.class);
        SmtpServer smtp = SmtpServer.from(settings.lookupIgnoringFallback());
        MailSettings mail = MailSettings.from(settings.lookupIgnoringFallback());
        smtp.check(mail);
        registry.bind("smtpServer", smtp);
        registry.bind(
                "mailComposer",
                new MailComposer(
                        mail,
                        Beans.need(context, "sourceLedger", SourceLedger.class),
                        Beans.need(context, "csvSink", CsvOutput.class),
                        Beans.need(context, "outputs", Outputs.class),
                        Beans.need(context, "cellText", CellText.class),
                        clock,
                        json));
        Path outbox = Path.of(settings.text("outbox.dir"));
        registry.bind(
                "mailOutbox",
                new MailOutbox(
                        outbox.resolve("mail"),
                        smtp.sender(),
                        Beans.need(context, "alerts", Alerts.class),
                        clock,
                        json,
                        settings.duration("mail.retry.delay"),
                        settings.duration("mail.retry.max-delay"),
                        settings.integer("mail.retry.alert-after"),
                        settings.duration("mail.retry.give-up-after"),
                        MailSeal.of(Path.of(settings.text("state.dir"), "mail-outbox.key"), json),
                        List.of(outbox, Path.of(settings.text("sink.csv.dir")))));
        registry.bind(
                "mailedAlerts",
                new JdbcProcessedRepository(Beans.need(context, "stateStore", StateStore.class), "alerts-to-mail"));
        registry.bind("recentAlerts", new RecentFiles(settings.duration("mail.alerts.max-age"), clock));
        smtp.applyTo(context.getComponent(smtp.transport(), MailComponent.class).getConfiguration());
        LOG.info("Mail via {}: {}", smtp, mail.describe());
    }
}
