package dev.patsnapcamel.mail;

import java.io.File;
import java.time.Clock;
import java.time.Duration;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * A folder consumer's filter that passes over files last changed longer ago than a maximum age: the
 * alerts folder keeps every alert ever raised, and only recent ones are mailed.
 */
public final class RecentFiles implements GenericFileFilter<File> {

    private final Duration maxAge;
    private final Clock clock;

    public RecentFiles(Duration maxAge, Clock clock) {
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        return !file.isDirectory() && file.getLastModified() >= clock.millis() - maxAge.toMillis();
    }
}
