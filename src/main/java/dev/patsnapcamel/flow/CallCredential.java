package dev.patsnapcamel.flow;

import org.apache.camel.Exchange;

import dev.patsnapcamel.api.CallGate;
import dev.patsnapcamel.api.PatsnapCallException;
import dev.patsnapcamel.api.TokenProvider;
import dev.patsnapcamel.api.Treatment;
import dev.patsnapcamel.model.Headers;

/**
 * The credential of a call: the token or key it is sent with, and what the API's answer says about it
 * (accepted; refused once, so renewed; refused again, so the account stops). The generation the call was
 * sent with is the exchange property {@value BatchCall#CREDENTIAL}.
 */
final class CallCredential {

    private final TokenProvider tokens;
    private final CallGate gate;

    CallCredential(TokenProvider tokens, CallGate gate) {
        this.tokens = tokens;
        this.gate = gate;
    }

    /** The token or key; a refused token request stops the account like a refused call. */
    TokenProvider.Credential current(String endpoint) {
        try {
            return tokens.credential();
        } catch (PatsnapCallException.Suspending e) {
            gate.refused(e.treatment(), endpoint, e.code(), e.detail());
            throw e;
        }
    }

    /**
     * The API refused the call's token or key: renew the token once ({@link Treatment#RENEW_TOKEN}), or, when
     * a renewed token or a key is refused, stop the account, since then the credentials are refused.
     */
    Treatment afterRefusal(Exchange exchange) {
        Long generation = exchange.getProperty(Headers.CREDENTIAL, Long.class);
        TokenProvider.Refusal refusal = tokens.refused(generation == null ? -1 : generation);
        return refusal == TokenProvider.Refusal.CREDENTIALS_REFUSED ? Treatment.STOP_ACCOUNT : Treatment.RENEW_TOKEN;
    }

    /** The API took the call's credential. */
    void accepted(Exchange exchange) {
        Long generation = exchange.getProperty(Headers.CREDENTIAL, Long.class);
        if (generation != null) {
            tokens.accepted(generation);
        }
    }

    /** The message of a call that stops the account because its credentials are refused. */
    static String refused(String detail) {
        return "credentials refused (PatSnap refused a renewed token, or the key)"
                + (detail == null ? "" : ": " + detail);
    }
}
