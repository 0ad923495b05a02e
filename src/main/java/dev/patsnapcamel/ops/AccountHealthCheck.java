package dev.patsnapcamel.ops;

import java.util.Map;

import dev.patsnapcamel.api.CallGate;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the PatSnap account: DOWN while PatSnap has stopped the account (quota, balance,
 * expiry, daily limit, refused credentials), with the code, since when and the next probe; UP otherwise.
 * Not a liveness check: restarting the bundle does not bring the account back.
 */
public final class AccountHealthCheck extends AbstractHealthCheck {

    private final CallGate gate;

    public AccountHealthCheck(CallGate gate) {
        super("patsnap", "patsnap-account");
        this.gate = gate;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        gate.accountClosure().ifPresentOrElse(closure -> builder.down()
                .message("PatSnap stopped the account with " + closure.code() + ": " + closure.message())
                .detail("code", closure.code())
                .detail("since", closure.since().toString())
                .detail("next_probe", closure.nextProbe().toString()), builder::up);
    }
}
