package dev.patsnapcamel.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpServer;

/**
 * The sandbox PatSnap API: an HTTP server on 127.0.0.1 with the real endpoint paths, both
 * authentication schemes, the real response envelope and deterministic invented data
 * ({@link SandboxData}), plus the switches of {@link SandboxSettings}.
 *
 * <p>Served paths: the data endpoints, {@code POST /oauth/token}, the usage statement
 * {@code POST /open-user/statement/v2} ({@link StatementHandler}, from what it answered), and the sandbox-only
 * {@code /_sandbox/...} paths of {@link AdminHandler} (stats, calls, reset, inject, clear, switches, data).
 * Every patent has one identity whichever way it is asked ({@link PatentRef}), and PatSnap's example
 * patents answer the API pages' examples ({@link ExamplePatents}). Slow answers wait on a timer, not on a
 * thread, so a small worker pool sustains hundreds of concurrent slow calls.
 *
 * <pre>{@code
 * try (SandboxServer sandbox = new SandboxServer(new SandboxSettings().latencyMs(200)).start()) {
 *     String baseUrl = sandbox.baseUrl();
 *     ...
 * }
 * }</pre>
 */
public final class SandboxServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxServer.class);
    private static final int WORKER_THREADS = 8;
    private static final int TIMER_THREADS = 2;
    private static final int BACKLOG = 1024;

    private final SandboxSettings settings;
    private final SandboxStats stats = new SandboxStats();
    private HttpServer server;
    private ExecutorService workers;
    private ScheduledExecutorService timer;
    private boolean closed;

    public SandboxServer(SandboxSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings must not be null");
        }
        this.settings = settings;
    }

    /**
     * Binds 127.0.0.1 on the configured port (0: a free one) and starts answering.
     *
     * @throws IllegalStateException if already started or closed
     * @throws UncheckedIOException  if the port cannot be bound
     */
    public synchronized SandboxServer start() {
        if (server != null || closed) {
            throw new IllegalStateException("the sandbox can be started only once");
        }
        workers = Executors.newFixedThreadPool(WORKER_THREADS, daemonThreads("patsnap-sandbox-worker"));
        timer = Executors.newScheduledThreadPool(TIMER_THREADS, daemonThreads("patsnap-sandbox-timer"));
        TokenStore tokens = new TokenStore();
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(loopback(), settings.port()), BACKLOG);
            http.setExecutor(workers);
            http.createContext("/oauth/token", new TokenHandler(settings, stats, tokens));
            http.createContext("/_sandbox/", new AdminHandler(stats, settings));
            http.createContext(StatementHandler.PATH, new StatementHandler(settings, stats));
            http.createContext(
                    "/",
                    new BusinessCallHandler(settings, stats, new CallAuthenticator(settings, tokens), timer, workers));
            http.start();
            server = http;
        } catch (IOException e) {
            workers.shutdownNow();
            timer.shutdownNow();
            throw new UncheckedIOException("cannot start the PatSnap sandbox on port " + settings.port(), e);
        }
        LOG.info(
                "PatSnap SANDBOX (not the real API) listening on {}, switches {}",
                baseUrl(),
                SandboxSwitches.current(settings));
        return this;
    }

    /** The bound port. */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the sandbox is not started");
        }
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}, the base URL to configure as the PatSnap gateway. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public SandboxSettings settings() {
        return settings;
    }

    public SandboxStats stats() {
        return stats;
    }

    /** Stops at once; calls still waiting for their latency are dropped unanswered. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.stop(0);
            timer.shutdownNow();
            workers.shutdownNow();
            LOG.info("PatSnap SANDBOX stopped");
        }
    }

    private static InetAddress loopback() throws IOException {
        return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
