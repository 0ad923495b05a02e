package dev.patsnapcamel.watchlist;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The source name of a watch-list run: {@code watchlist:<watch-list file name>:<run start, ISO-8601>}. */
public final class WatchlistSource {

    public static final String PREFIX = "watchlist:";
    private static final Pattern NAME =
            Pattern.compile("watchlist:(.*):(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z)");

    private WatchlistSource() {}

    public static String name(String listName, Instant start) {
        return PREFIX + listName + ":" + start;
    }

    public static boolean isWatchlist(String source) {
        return source != null && source.startsWith(PREFIX);
    }

    /** The watch list a run's source name belongs to (its file name). */
    public static String listName(String source) {
        Matcher m = NAME.matcher(source);
        if (!m.matches()) {
            throw new IllegalArgumentException("not the source name of a watch-list run: " + source);
        }
        return m.group(1);
    }

    /** The prefix shared by every run of a watch list. */
    public static String prefixOf(String listName) {
        return PREFIX + listName + ":";
    }
}
