package dev.patsnapcamel.api;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.component.vertx.http.VertxHttpEndpoint;

import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.HttpContext;
import io.vertx.ext.web.client.impl.WebClientInternal;

import dev.patsnapcamel.model.Headers;

/**
 * Notes the moment each business call's request actually goes out, for {@link CallSpacing}: Vert.x's web
 * client reaches the phase {@code SEND_REQUEST} of a request once it has a connection for it (a pooled one,
 * or a new one with its TCP and TLS hand-shakes done), right before it writes it. An interceptor on the
 * client of the calls' endpoint (added once per endpoint) tells {@link CallSpacing#sent} then, for the turn
 * the call took ({@link Headers#CALL_TURN}). A request that never gets so far (no connection) is
 * forgotten when it fails; its turn keeps the moment it left.
 * <p>
 * Camel's endpoint does not hand its client out ({@code getWebClient} is protected), so it is read once per
 * endpoint by reflection; should that ever fail, calls keep the moments they left their turns, as before.
 */
public final class CallSends {

    private final CallSpacing spacing;
    /** The clients watched already (one per endpoint). */
    private final Set<WebClient> watched = ConcurrentHashMap.newKeySet();
    /** The turn of each request handed to a watched client and not yet sent or failed (by identity). */
    private final Map<HttpRequest<?>, Long> pending = new ConcurrentHashMap<>();

    private volatile boolean unavailable;

    public CallSends(CallSpacing spacing) {
        this.spacing = spacing;
    }

    /** The request about to be sent for the exchange: its send is noted against the exchange's turn. */
    void watch(VertxHttpEndpoint endpoint, Exchange exchange, HttpRequest<?> request) {
        Long turn = exchange.getProperty(Headers.CALL_TURN, Long.class);
        if (turn == null || turn < 0 || unavailable) {
            return;
        }
        WebClient client = clientOf(endpoint);
        if (client == null) {
            return;
        }
        if (watched.add(client)) {
            try {
                ((WebClientInternal) client).addInterceptor(this::intercept);
            } catch (RuntimeException refused) {
                // the call goes ahead; turns keep the moments they left, as before
                unavailable = true;
                return;
            }
        }
        pending.put(request, turn);
    }

    private void intercept(HttpContext<?> context) {
        if (context.phase() == ClientPhase.SEND_REQUEST) {
            Long turn = pending.remove(context.request());
            if (turn != null) {
                spacing.sent(turn);
            }
        } else if (context.phase() == ClientPhase.FAILURE) {
            pending.remove(context.request());
        }
        context.next();
    }

    private WebClient clientOf(VertxHttpEndpoint endpoint) {
        try {
            Method method = VertxHttpEndpoint.class.getDeclaredMethod("getWebClient");
            method.setAccessible(true);
            return method.invoke(endpoint) instanceof WebClientInternal client ? client : none();
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException | RuntimeException e) {
            return none();
        }
    }

    private WebClient none() {
        unavailable = true;
        return null;
    }
}
