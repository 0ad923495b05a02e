package dev.patsnapcamel.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects the log lines written while it is attached to the root logger, with the messages of the
 * exceptions logged with them, for tests that check what the bundle says (or must never say) in its log.
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

    /** One captured line; {@code thrown} holds the logged exception and its causes, or is empty. */
    public record Line(Level level, String logger, String message, String thrown) {

        /** Logger, message and exceptions in one text. */
        public String text() {
            return logger + " " + message + thrown;
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final List<LogEvent> events = new CopyOnWriteArrayList<>();

    private LogCapture() {
        super("test-capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
    }

    public static LogCapture attach() {
        LogCapture capture = new LogCapture();
        capture.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().addAppender(capture, Level.ALL, null);
        context.updateLoggers();
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder thrown = new StringBuilder();
        for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
            thrown.append(" | ").append(t);
        }
        lines.add(new Line(
                event.getLevel(), event.getLoggerName(), event.getMessage().getFormattedMessage(), thrown.toString()));
        events.add(event.toImmutable());
    }

    /**
     * Every event as the bundle's console appender ({@code log4j2.properties}) writes it: the text an
     * operator sees, with the layout's own encoding applied.
     */
    public List<String> console() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Layout<?> layout = context.getConfiguration().getAppender("console").getLayout();
        return events.stream()
                .map(e -> new String(layout.toByteArray(e), StandardCharsets.UTF_8))
                .toList();
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Every line as one text: logger, message and exceptions. */
    public List<String> texts() {
        return lines.stream().map(Line::text).toList();
    }

    /** The messages logged at exactly this level. */
    public List<String> messages(Level level) {
        return lines.stream().filter(l -> l.level() == level).map(Line::message).toList();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
