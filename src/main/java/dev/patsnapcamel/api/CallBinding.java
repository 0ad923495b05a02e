package dev.patsnapcamel.api;

import org.apache.camel.Exchange;
import org.apache.camel.component.vertx.http.DefaultVertxHttpBinding;
import org.apache.camel.component.vertx.http.VertxHttpEndpoint;

import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;

/**
 * How a business call and its answer pass between the exchange and Vert.x's web client, on top of Camel's
 * own binding: the answer's body is collected with the cap {@code patsnap.http.max-answer-bytes}
 * ({@link CappedAnswer}); an answer over the cap becomes the body {@link CappedAnswer.Oversized}, which
 * {@link AnswerReader} turns into {@code ANSWER_TOO_LARGE} as it does a body over the cap; and a call without
 * an answer (no connection, a broken one, the response time-out) fails with {@link NoAnswer}, an
 * {@link java.io.IOException} whose message never shows the request's query. The moment a request goes out
 * on a connection is noted for the rate ({@link CallSends}).
 */
public final class CallBinding extends DefaultVertxHttpBinding {

    private final long maxAnswerBytes;
    private final long responseTimeoutMillis;
    private final CallSends sends;

    public CallBinding(ApiClientSettings settings, long responseTimeoutMillis, CallSends sends) {
        this.maxAnswerBytes = settings.maxAnswerBytes();
        this.responseTimeoutMillis = responseTimeoutMillis;
        this.sends = sends;
    }

    @Override
    public HttpRequest<Buffer> prepareHttpRequest(VertxHttpEndpoint endpoint, Exchange exchange) throws Exception {
        HttpRequest<Buffer> request =
                super.prepareHttpRequest(endpoint, exchange).as(new CappedAnswer(maxAnswerBytes));
        // the moment it goes out on a connection moves its turn's moment on (CallSpacing)
        sends.watch(endpoint, exchange, request);
        return request;
    }

    @Override
    public void handleResponse(
            VertxHttpEndpoint endpoint, Exchange exchange, AsyncResult<HttpResponse<Buffer>> response)
            throws Exception {
        if (response.succeeded()) {
            super.handleResponse(endpoint, exchange, response);
            return;
        }
        // no status of this attempt: none of an earlier one may stay on the message
        exchange.getMessage().removeHeader(Exchange.HTTP_RESPONSE_CODE);
        exchange.getMessage().removeHeader(Exchange.HTTP_RESPONSE_TEXT);
        if (CappedAnswer.oversized(response.cause())) {
            exchange.getMessage().setBody(new CappedAnswer.Oversized(maxAnswerBytes));
        } else {
            exchange.getMessage().setBody(null);
            exchange.setException(NoAnswer.of(response.cause(), responseTimeoutMillis));
        }
    }
}
