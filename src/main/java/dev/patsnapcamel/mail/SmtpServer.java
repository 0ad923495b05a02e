package dev.patsnapcamel.mail;

import java.util.List;
import java.util.Properties;
import java.util.function.BinaryOperator;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.apache.camel.component.mail.MailConfiguration;

/**
 * The SMTP server and account mails go through ({@code mail.host}, {@code mail.port}, {@code mail.security},
 * {@code mail.username}, {@code mail.password}, {@code mail.from}, {@code mail.timeout}, {@code mail.ssl.*}).
 * The account is set on Camel's mail component ({@link #applyTo}), so that it is never part of an endpoint
 * URI or a log line; {@link #toString()} leaves the password out.
 *
 * @param transport {@code smtps} for {@code ssl}, else {@code smtp}
 * @param from      the sender: {@code mail.from}, or {@code mail.username} when that is an address; may be empty
 */
public record SmtpServer(
        String host,
        String port,
        String security,
        String transport,
        String username,
        String password,
        String from,
        int timeoutMs,
        String sslTrust,
        boolean checkServerIdentity) {

    /** Reads the settings ({@code setting.apply(key, default)}); an unknown {@code mail.security} is refused. */
    public static SmtpServer from(BinaryOperator<String> setting) {
        String security = setting.apply("mail.security", "starttls").toLowerCase();
        if (!List.of("none", "starttls", "ssl").contains(security)) {
            throw new IllegalArgumentException("mail.security must be none, starttls or ssl, was '" + security + "'");
        }
        String username = setting.apply("mail.username", "");
        String from = setting.apply("mail.from", "");
        if (from.isEmpty() && username.contains("@")) {
            from = username;
        }
        return new SmtpServer(
                setting.apply("mail.host", ""),
                setting.apply("mail.port", "25"),
                security,
                "ssl".equals(security) ? "smtps" : "smtp",
                username,
                setting.apply("mail.password", ""),
                from,
                Integer.parseInt(setting.apply("mail.timeout", "30000")),
                setting.apply("mail.ssl.trust", ""),
                Boolean.parseBoolean(setting.apply("mail.ssl.check-server-identity", "true")));
    }

    /** Fails the start, naming the key, when mail is an output but the server or an address is missing or wrong. */
    public void check(MailSettings mail) {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("outputs includes mail, but mail.host is not set");
        }
        checkAddresses("mail.from", from.isEmpty() ? null : from);
        mail.recipients()
                .forEach((kind, list) -> checkAddresses(
                        "mail.to." + (kind.equals(MailSettings.ALERT) ? "alerts" : kind), String.join(",", list)));
    }

    /** Puts the account, time-outs and TLS properties on the mail component's configuration. */
    public void applyTo(MailConfiguration smtp) {
        if (!username.isEmpty()) {
            smtp.setUsername(username);
            smtp.setPassword(password);
        }
        smtp.setConnectionTimeout(timeoutMs);
        Properties javaMail = new Properties();
        javaMail.setProperty("mail." + transport + ".writetimeout", Integer.toString(timeoutMs));
        if ("starttls".equals(security)) {
            javaMail.setProperty("mail.smtp.starttls.enable", "true");
            javaMail.setProperty("mail.smtp.starttls.required", "true");
        }
        if (!sslTrust.isEmpty()) {
            javaMail.setProperty("mail." + transport + ".ssl.trust", sslTrust);
        }
        javaMail.setProperty("mail." + transport + ".ssl.checkserveridentity", Boolean.toString(checkServerIdentity));
        smtp.setAdditionalJavaMailProperties(javaMail);
    }

    /** The sender to use: {@link #from}, or a local name when none is set. */
    public String sender() {
        return from.isEmpty() ? "patsnap-camel@localhost" : from;
    }

    @Override
    public String toString() {
        return transport + "://" + host + ":" + port + " (" + security
                + (username.isEmpty() ? ", no login" : ", with login") + ") from " + from;
    }

    private static void checkAddresses(String key, String list) {
        if (list == null) {
            throw new IllegalArgumentException(key + " is not set (and mail.username is not an address)");
        }
        try {
            InternetAddress.parse(list, true);
        } catch (AddressException e) {
            throw new IllegalArgumentException(key + " is not a valid address list: " + e.getMessage());
        }
    }
}
