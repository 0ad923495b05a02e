package dev.patsnapcamel.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import dev.patsnapcamel.intake.ClaimedReadLock;
import dev.patsnapcamel.intake.SftpConnectionWatch;
import dev.patsnapcamel.intake.SftpEntryFilter;
import dev.patsnapcamel.intake.SftpSettings;
import dev.patsnapcamel.intake.SftpStableFileLock;
import dev.patsnapcamel.ops.Alerts;
import dev.patsnapcamel.state.CompletedInputs;
import dev.patsnapcamel.state.InboxClaims;
import dev.patsnapcamel.state.StateStore;

/**
 * The SFTP intake (route intake-sftp, present only when {@code intake.sftp.enabled}): its settings checked
 * ({@code sftpSettings}, which also gives the route the prefixes of its source names), the watch over its
 * connection ({@code sftpConnection}), which entries are files ({@code sftpEntryFilter}) and the memory of
 * inputs settled before ({@code completedInputs}). Nothing is built when the intake is off.
 * <p>
 * Its read lock ({@code sftpReadLock}) is Camel's {@code readLock=changed} as the route configures it
 * ({@link SftpStableFileLock}); in cluster mode the node first claims the file in {@code inboxClaims}
 * ({@link ClaimedReadLock}), so that one node reads it while it stays on the server.
 */
public class SftpIntakeConfiguration implements FeatureConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        if (!settings.flag("intake.sftp.enabled")) {
            return;
        }
        SftpSettings sftp = SftpSettings.from(settings.lookup());
        sftp.check();
        long readLockTimeout = settings.millis("intake.sftp.read-lock-timeout");
        if (readLockTimeout <= sftp.stableMs()) {
            throw new IllegalArgumentException(
                    "intake.sftp.read-lock-timeout must be longer than intake.sftp.stable-time, " + "were "
                            + readLockTimeout + "ms and " + sftp.stableMs() + "ms");
        }
        Registry registry = context.getRegistry();
        registry.bind("sftpSettings", sftp);
        registry.bind("sftpConnection", new SftpConnectionWatch(sftp, Beans.need(context, "alerts", Alerts.class)));
        registry.bind("completedInputs", new CompletedInputs(Beans.need(context, "stateStore", StateStore.class)));
        registry.bind("sftpEntryFilter", new SftpEntryFilter());
        SftpStableFileLock stable = new SftpStableFileLock();
        registry.bind(
                "sftpReadLock",
                settings.flag("cluster.enabled")
                        ? new ClaimedReadLock<>(stable, Beans.need(context, "inboxClaims", InboxClaims.class))
                        : stable);
    }
}
