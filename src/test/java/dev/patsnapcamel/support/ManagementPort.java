package dev.patsnapcamel.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The management port of an in-process bundle test: a free port, set as the system property
 * {@code management.port} (read by the bundle like any {@code -D} option) before the bundle starts, and
 * {@code GET}s of its paths. {@link #forget} clears the property once the test class is done.
 */
public final class ManagementPort {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;

    private ManagementPort(int port) {
        this.port = port;
    }

    /** A free port, which the next bundle started in this JVM listens on. */
    public static ManagementPort claim() {
        int port = BundleProcess.freePort();
        System.setProperty("management.port", Integer.toString(port));
        return new ManagementPort(port);
    }

    /** Lets the next test class choose its own port. */
    public static void forget() {
        System.clearProperty("management.port");
    }

    public int number() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public HttpResponse<String> get(String path) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
