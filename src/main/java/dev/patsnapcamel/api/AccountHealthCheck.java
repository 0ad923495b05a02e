package dev.patsnapcamel.api;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the PatSnap account: DOWN while PatSnap has stopped the account (quota, balance,
 * expiry, daily limit, refused credentials), with the code, since when and the next probe; UP otherwise.
 * Not a liveness check: restarting the bundle does not bring the account back. While the bundle calls its
 * built-in sandbox, the check stays UP with the detail {@code sandbox=true} and a WARN message: the answers are
 * invented.
 */
public final class AccountHealthCheck extends AbstractHealthCheck {

    /** The message while the sandbox is in use. */
    public static final String SANDBOX_WARNING = "WARN: the answers come from the built-in sandbox (invented data, "
            + "marked sandbox: true), not from PatSnap";

    private final CallGate gate;
    private final boolean sandbox;

    public AccountHealthCheck(CallGate gate) {
        this(gate, false);
    }

    /** @param sandbox the bundle calls its built-in sandbox */
    public AccountHealthCheck(CallGate gate, boolean sandbox) {
        super("patsnap", "patsnap-account");
        this.gate = gate;
        this.sandbox = sandbox;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (sandbox) {
            builder.detail("sandbox", true).message(SANDBOX_WARNING);
        }
        gate.accountClosure()
                .ifPresentOrElse(
                        closure -> builder.down()
                                .message(
                                        "PatSnap stopped the account with " + closure.code() + ": " + closure.message())
                                .detail("code", closure.code())
                                .detail("since", closure.since().toString())
                                .detail("next_probe", closure.nextProbe().toString()),
                        builder::up);
    }
}
