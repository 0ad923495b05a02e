package dev.patsnapcamel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.patsnapcamel.PatsnapCamelApplication;
import dev.patsnapcamel.support.Mails;
import dev.patsnapcamel.support.Workspace;

/**
 * Mail over TLS from the first byte ({@code mail.security=ssl}, SMTPS) with a login, against GreenMail's SMTPS
 * server and its self-signed certificate (trusted through {@code mail.ssl.trust}); only summaries are
 * configured, so no other kind is sent.
 */
@CamelMainTest(
        mainClass = PatsnapCamelApplication.class,
        propertyPlaceholderLocations = {"classpath:e2e.properties", "file:config/application.properties"},
        properties = {
            "intake.file.dir=target/it/mail-tls/inbox",
            "outbox.dir=target/it/mail-tls/outbox",
            "state.dir=target/it/mail-tls/data",
            "patsnap.endpoints=license",
            "outputs=mail",
            "mail.host=127.0.0.1",
            "mail.security=ssl",
            "mail.ssl.trust=127.0.0.1",
            "mail.ssl.check-server-identity=false",
            "mail.username=bundle@example.com",
            "mail.password=tls-s3cret",
            "mail.to.summary=ops@example.com",
            "mail.poll-ms=100"
        })
class MailOverTlsTest extends SandboxedBundleTest {

    static final Workspace workspace = new Workspace("mail-tls").wipe();
    static final GreenMail smtps = start();

    @BeanInject
    CamelContext context;

    @Override
    Workspace workspace() {
        return workspace;
    }

    @AfterAll
    static void stop() {
        smtps.stop();
        System.clearProperty("mail.port");
    }

    @Test
    void summaryGoesOutOverSmtpsWithTheLoginAndTheUsernameAsSender() {
        workspace.drop("tls.txt", "US11205304B2\nCN1394453A\n");

        Mails mail = Mails.await(smtps, Duration.ofSeconds(20), Mails.to("ops@example.com"));

        assertThat(mail.subject()).isEqualTo("[patsnap-camel] tls.txt: 2 IDs done");
        assertThat(mail.from()).isEqualTo("bundle@example.com");
        // csv is not an output here: nothing attached, no CSV folder
        assertThat(mail.attachments()).isEmpty();
        assertThat(workspace.outbox().resolve("csv")).doesNotExist();
        // the account is on the component, not in any endpoint URI
        assertThat(context.getComponent("smtps", MailComponent.class)
                        .getConfiguration()
                        .getPassword())
                .isEqualTo("tls-s3cret");
        assertThat(context.getEndpoints()).noneMatch(e -> e.getEndpointUri().contains("tls-s3cret"));
        // no mail.to.alerts: the alert mails' route is not even created (its precondition)
        assertThat(context.getRoute("alerts-to-mail")).isNull();
    }

    static GreenMail start() {
        GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
        server.setUser("bundle@example.com", "bundle@example.com", "tls-s3cret");
        server.start();
        System.setProperty("mail.port", Integer.toString(server.getSmtps().getPort()));
        return server;
    }
}
