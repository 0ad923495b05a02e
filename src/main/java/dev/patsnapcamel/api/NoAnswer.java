package dev.patsnapcamel.api;

import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A call that got no answer: the connection could not be made, broke, or the answer did not come within
 * {@code patsnap.http.response-timeout}. An {@link IOException}, so the call is retried as every I/O failure
 * is. Its message is safe to log and to put in a ledger line: the client's own message can name the request
 * with its query (which may carry an {@code apikey=sk-...}), so anything after a {@code ?} is cut off.
 */
public final class NoAnswer extends IOException {

    private static final Pattern QUERY = Pattern.compile("\\?\\S*");

    private NoAnswer(String message) {
        super(message, null);
    }

    /** The failure of the HTTP client, as a call without an answer. */
    public static NoAnswer of(Throwable failure, long responseTimeoutMillis) {
        if (failure instanceof TimeoutException) {
            return new NoAnswer("no answer within patsnap.http.response-timeout (" + responseTimeoutMillis + " ms)");
        }
        String text = failure.getMessage() == null
                ? ""
                : ": " + QUERY.matcher(failure.getMessage()).replaceAll("?...");
        return new NoAnswer(failure.getClass().getSimpleName() + text);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
