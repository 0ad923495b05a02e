package dev.patsnapcamel.config;

import java.nio.file.Path;
import java.time.Clock;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.patsnapcamel.intake.CompleteFileRule;
import dev.patsnapcamel.intake.InboxFilter;
import dev.patsnapcamel.intake.InboxReadLock;
import dev.patsnapcamel.intake.ParkedFiles;

/**
 * The watched folder (route intake-file, present when {@code intake.file.enabled}): files parked by the last
 * stop are put back, {@code inboxFilter} says which entries of the folder are inputs, and {@code inboxReadLock}
 * checks again, when its turn comes, that a file is still complete.
 */
public class FileIntakeConfiguration implements FeatureConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(FileIntakeConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        ParkedFiles.restore(Path.of(settings.text("intake.file.dir")));
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
        context.getRegistry()
                .bind(
                        "inboxReadLock",
                        new InboxReadLock(complete, settings.millis("intake.file.poll-interval"), readLockTimeout));
    }
}
