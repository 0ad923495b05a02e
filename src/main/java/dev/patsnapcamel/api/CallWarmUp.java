package dev.patsnapcamel.api;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readies the client of the business calls before the first of them, so that the first calls reach PatSnap
 * when their turns say. The route {@code call-warm-up} sends, once at start-up, a plain {@code GET} of the
 * gateway's root (no credentials, no query, no API path, so PatSnap counts no call) through the very
 * endpoint the calls use: that loads and sets up what the first call of a cold JVM would otherwise do
 * after its turn under the rate (Camel's producer, the Vert.x client and its connection, TLS, the
 * answer's binding). Measured without it, at qps 5 on a cold JVM: the first calls reached the sandbox
 * up to 400 ms after their turn, together with the next ones, and the 6th was refused as too fast.
 * <p>
 * Calls wait for it ({@link #ready()}) at most {@code patsnap.http.connect-timeout}. Whatever the gateway
 * answers readies the client; a warm-up that fails (the gateway unreachable) holds nothing up: the calls
 * then fail and are retried as usual.
 */
public final class CallWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(CallWarmUp.class);

    private final String url;
    private final String userAgent;
    private final int connectTimeoutMillis;
    private final CountDownLatch done = new CountDownLatch(1);
    private final CountDownLatch contextStarted = new CountDownLatch(1);
    private volatile long started;

    /**
     * @param baseUrl the gateway (no trailing slash)
     * @param userAgent the User-Agent of the business calls
     */
    public CallWarmUp(String baseUrl, String userAgent, int connectTimeoutMillis) {
        this.url = baseUrl + "/";
        this.userAgent = userAgent;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** The gateway's root, which the warm-up request asks for. */
    public String url() {
        return url;
    }

    /** Camel has started all routes: the endpoint the warm-up creates is started with it (see {@link #starts}). */
    public void contextStarted() {
        contextStarted.countDown();
    }

    /**
     * Makes the exchange the warm-up request: a GET with the business calls' headers, without credentials.
     * It waits until Camel has started all routes (at most a minute): the timer may fire while Camel is
     * still starting, and an endpoint made then would stay unstarted, and with it the calls' endpoint.
     */
    public void starts(Exchange exchange) throws InterruptedException {
        contextStarted.await(1, TimeUnit.MINUTES);
        started = System.nanoTime();
        Message message = exchange.getMessage();
        message.removeHeaders("*", "Camel*");
        message.setBody(null);
        message.setHeader(Exchange.HTTP_METHOD, "GET");
        message.setHeader("Accept", "application/json");
        message.setHeader("User-Agent", userAgent);
    }

    /** The gateway answered (any status): the client is ready. */
    public void answered(Exchange exchange) {
        LOG.info(
                "Client ready: the gateway answered the warm-up request (HTTP {}) in {} ms",
                exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE),
                took());
        exchange.getMessage().setBody(null);
        done.countDown();
    }

    /** The warm-up request failed: calls go ahead anyway. */
    public void failed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn(
                "Client warm-up: no answer from the gateway in {} ms ({}); calls go ahead and are retried as usual",
                took(),
                cause == null ? "unknown" : cause.getClass().getSimpleName());
        done.countDown();
    }

    /** Holds a call until the warm-up is done or has failed, at most {@code patsnap.http.connect-timeout}. */
    public void ready() throws InterruptedException {
        done.await(connectTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    private long took() {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
