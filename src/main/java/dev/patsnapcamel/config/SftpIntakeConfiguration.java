package dev.patsnapcamel.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import dev.patsnapcamel.intake.SftpConnectionWatch;
import dev.patsnapcamel.intake.SftpEntryFilter;
import dev.patsnapcamel.intake.SftpSettings;
import dev.patsnapcamel.ops.Alerts;
import dev.patsnapcamel.state.CompletedInputs;
import dev.patsnapcamel.state.StateStore;

/**
 * The SFTP intake (route intake-sftp, present only when {@code intake.sftp.enabled}): its settings checked
 * ({@code sftpSettings}, which also gives the route the prefixes of its source names), the watch over its
 * connection ({@code sftpConnection}), which entries are files ({@code sftpEntryFilter}) and the memory of
 * inputs settled before ({@code completedInputs}). Nothing is built when the intake is off.
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
    }
}
