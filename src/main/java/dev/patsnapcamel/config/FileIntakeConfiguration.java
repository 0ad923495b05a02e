package dev.patsnapcamel.config;

import java.nio.file.Path;
import java.time.Clock;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.patsnapcamel.api.UserAgent;
import dev.patsnapcamel.intake.ClaimedReadLock;
import dev.patsnapcamel.intake.CompleteFileRule;
import dev.patsnapcamel.intake.InboxFilter;
import dev.patsnapcamel.intake.InboxReadLock;
import dev.patsnapcamel.intake.ParkedFiles;
import dev.patsnapcamel.state.InboxClaims;
import dev.patsnapcamel.state.StateStore;

/**
 * The watched folder (route intake-file, present when {@code intake.file.enabled}): files parked by the last
 * stop are put back, {@code inboxFilter} says which entries of the folder are inputs, and {@code inboxReadLock}
 * checks again, when its turn comes, that a file is still complete.
 * <p>
 * In cluster mode ({@code cluster.enabled}) the inbox may be shared by several nodes: {@code inboxClaims}
 * ({@link InboxClaims}, also used by the SFTP intake and by the route input-takeover) records which node reads
 * which input, and {@code inboxReadLock} claims a file there before the complete-file check
 * ({@link ClaimedReadLock}). Claims this node left from before its start are released first.
 */
public class FileIntakeConfiguration implements FeatureConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(FileIntakeConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        ParkedFiles.restore(Path.of(settings.text("intake.file.dir")));
        InboxClaims claims = null;
        if (settings.flag("cluster.enabled")) {
            claims = new InboxClaims(
                    Beans.need(context, "stateStore", StateStore.class),
                    UserAgent.nodeId(settings.text("cluster.node-id")));
            int left = claims.releaseAll(claims.node());
            if (left > 0) {
                LOG.info("Released {} inputs this node ({}) had claimed before it stopped", left, claims.node());
            }
            context.getRegistry().bind("inboxClaims", claims);
        }
        if (!settings.flag("intake.file.enabled")) {
            return;
        }
        long stable = settings.millis("intake.file.stable-time");
        long readLockTimeout = settings.millis("intake.file.read-lock-timeout");
        if (stable < 1 || readLockTimeout <= stable) {
            throw new IllegalArgumentException("intake.file.stable-time must be at least 1ms and "
                    + "intake.file.read-lock-timeout longer than it, were " + stable + "ms and " + readLockTimeout
                    + "ms");
        }
        long movedStable = settings.millis("intake.file.moved-stable-time");
        if (movedStable < 0) {
            throw new IllegalArgumentException(
                    "intake.file.moved-stable-time must not be negative, was " + movedStable + "ms");
        }
        boolean followLinks = settings.flag("intake.file.follow-links");
        if (followLinks) {
            LOG.warn("Watched folder: symbolic links are followed (intake.file.follow-links=true): whoever can write "
                    + "to the inbox can make the bundle read any file it may read");
        }
        CompleteFileRule complete = new CompleteFileRule(stable, movedStable, Clock.systemUTC());
        context.getRegistry().bind("inboxFilter", new InboxFilter(complete, followLinks, Clock.systemUTC()));
        InboxReadLock readLock =
                new InboxReadLock(complete, settings.millis("intake.file.poll-interval"), readLockTimeout);
        context.getRegistry()
                .bind("inboxReadLock", claims == null ? readLock : new ClaimedReadLock<>(readLock, claims));
    }
}
