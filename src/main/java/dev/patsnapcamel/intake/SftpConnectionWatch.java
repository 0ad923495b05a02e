package dev.patsnapcamel.intake;

import java.util.Map;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.JSchRevokedHostKeyException;
import com.jcraft.jsch.JSchUnknownHostKeyException;

import dev.patsnapcamel.ops.Alerts;

/**
 * Watches the SFTP intake's connection (its poll strategy and exception handler): a connection that
 * fails is reported once, clearly, until it works again, instead of a stack trace at every look.
 * <ul>
 * <li>a host key that does not match the known-hosts file, is not in it, or is revoked: an ERROR and an
 * alert ({@code sftp-host-key}) naming the host and the file; nothing is taken from the server;</li>
 * <li>a refused login: an ERROR and an alert ({@code sftp-login});</li>
 * <li>a server that cannot be reached (down, network): a WARN; the next look connects again.</li>
 * </ul>
 */
public final class SftpConnectionWatch implements PollingConsumerPollStrategy, ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SftpConnectionWatch.class);

    private final SftpSettings settings;
    private final Alerts alerts;
    private volatile String problem;

    public SftpConnectionWatch(SftpSettings settings, Alerts alerts) {
        this.settings = settings;
        this.alerts = alerts;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        if (problem != null) {
            LOG.info("SFTP intake: connected to {} again", settings.server());
            problem = null;
        }
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        report(cause);
        return false;
    }

    /** The kind of the current connection problem ({@code host-key}, {@code login}, {@code unreachable}), or null. */
    public String problem() {
        return problem;
    }

    private void report(Throwable cause) {
        JSchHostKeyException hostKey = find(cause, JSchHostKeyException.class);
        if (hostKey != null) {
            once(
                    "host-key",
                    () -> alerts.raise(
                            "sftp-host-key",
                            "error",
                            hostKeyMessage(hostKey),
                            Map.of(
                                    "host",
                                    settings.host(),
                                    "port",
                                    settings.port(),
                                    "known_hosts_file",
                                    settings.knownHostsFile(),
                                    "error",
                                    String.valueOf(hostKey.getMessage()))));
        } else if (authFailed(cause)) {
            once(
                    "login",
                    () -> alerts.raise(
                            "sftp-login",
                            "error",
                            "SFTP intake: " + settings.server()
                                    + " refused the login of user '" + settings.username()
                                    + "' (check intake.sftp.password or "
                                    + "intake.sftp.private-key-file); trying again at every look",
                            Map.of("host", settings.host(), "port", settings.port(), "username", settings.username())));
        } else {
            once(
                    "unreachable",
                    () -> LOG.warn(
                            "SFTP intake cannot connect to {}: {}; trying again at every look",
                            settings.server(),
                            rootMessage(cause)));
        }
    }

    private String hostKeyMessage(JSchHostKeyException e) {
        String where = settings.host() + ":" + settings.port();
        String file = settings.knownHostsFile();
        String why;
        if (e instanceof JSchChangedHostKeyException) {
            why = "its host key does not match the key for this host in the known-hosts file " + file
                    + " (the server's key changed, or something is in between)";
        } else if (e instanceof JSchUnknownHostKeyException) {
            why = "its host key is not in the known-hosts file " + file + " (check the key's fingerprint with the "
                    + "server's owner, then add the line that ssh-keyscan -p " + settings.port() + " " + settings.host()
                    + " prints)";
        } else if (e instanceof JSchRevokedHostKeyException) {
            why = "its host key is marked as revoked in the known-hosts file " + file;
        } else {
            why = "its host key was refused with the known-hosts file " + file;
        }
        return "SFTP intake refuses to connect to " + where + ": " + why + ". Nothing is taken from it until this is "
                + "solved. (" + e.getMessage() + ")";
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        if (problem != null && find(exception, JSchException.class) != null) {
            // a failed connection, reported once already by rollback
            LOG.debug("SFTP intake: {}", message, exception);
            return;
        }
        LOG.warn(
                "SFTP intake: {}{}: {}",
                message == null ? "error" : message,
                exchange == null ? "" : " (" + exchange.getMessage().getHeader(Exchange.FILE_NAME) + ")",
                rootMessage(exception),
                exception);
    }

    private void once(String kind, Runnable log) {
        if (!kind.equals(problem)) {
            problem = kind;
            log.run();
        }
    }

    private static boolean authFailed(Throwable cause) {
        JSchException jsch = find(cause, JSchException.class);
        return jsch != null
                && jsch.getMessage() != null
                && (jsch.getMessage().startsWith("Auth fail")
                        || jsch.getMessage().startsWith("Auth cancel"));
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }
}
