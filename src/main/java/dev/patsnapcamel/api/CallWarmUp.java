package dev.patsnapcamel.api;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

/**
 * Readies the client before the first business call, so that the first calls leave as their turns say:
 * at start-up it resolves the gateway's host and opens one connection (TCP, and TLS for {@code https://})
 * on the Vert.x instance the calls use, then closes it again; no HTTP request is sent. This loads and
 * starts what a first call would otherwise wait for (the client's threads, the name look-up, TLS), which
 * would hold the first calls back and let them reach PatSnap together with the next ones. Calls wait for
 * it ({@link #ready()}) at most {@code patsnap.http.connect-timeout}; a warm-up that fails (the gateway
 * unreachable) holds nothing up: the calls then fail and are retried as usual.
 */
public final class CallWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(CallWarmUp.class);

    private final URI gateway;
    private final int connectTimeoutMillis;
    private final CountDownLatch done = new CountDownLatch(1);

    public CallWarmUp(String baseUrl, int connectTimeoutMillis) {
        this.gateway = URI.create(baseUrl);
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** Opens and closes one connection to the gateway on {@code vertx}; returns at once. */
    public void start(Vertx vertx) {
        boolean tls = "https".equals(gateway.getScheme().toLowerCase(Locale.ROOT));
        int port = gateway.getPort() > 0 ? gateway.getPort() : tls ? 443 : 80;
        String host = gateway.getHost();
        long started = System.nanoTime();
        NetClient client = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout(connectTimeoutMillis)
                .setSsl(tls)
                .setTrustAll(false)
                .setHostnameVerificationAlgorithm(tls ? "HTTPS" : "")
                .setSslHandshakeTimeout(connectTimeoutMillis)
                .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS));
        client.connect(port, host, host).onComplete(connected -> {
            long took = (System.nanoTime() - started) / 1_000_000;
            if (connected.succeeded()) {
                connected.result().close();
                LOG.info("Client ready: connected to {}:{} in {} ms", host, port, took);
            } else {
                LOG.warn(
                        "Client warm-up: no connection to {}:{} ({}); calls go ahead and are retried as usual",
                        host,
                        port,
                        connected.cause().getClass().getSimpleName());
            }
            client.close();
            done.countDown();
        });
    }

    /** Holds a call until the warm-up is done or has failed, at most {@code patsnap.http.connect-timeout}. */
    public void ready() throws InterruptedException {
        done.await(connectTimeoutMillis, TimeUnit.MILLISECONDS);
    }
}
