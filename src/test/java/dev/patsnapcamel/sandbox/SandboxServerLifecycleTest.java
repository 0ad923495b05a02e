package dev.patsnapcamel.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class SandboxServerLifecycleTest {

    @Test
    void startsOnTheConfiguredPortAndClosesIdempotently() throws IOException {
        int freePort;
        try (ServerSocket probe = new ServerSocket(0)) {
            freePort = probe.getLocalPort();
        }
        SandboxServer sandbox = new SandboxServer(new SandboxSettings().port(freePort)).start();
        try {
            assertThat(sandbox.port()).isEqualTo(freePort);
            assertThat(new SandboxHttp(sandbox)
                            .get("/_sandbox/stats", null, null)
                            .statusCode())
                    .isEqualTo(200);
        } finally {
            sandbox.close();
            sandbox.close();
        }
    }

    @Test
    void startsOnlyOnce() {
        try (SandboxServer sandbox = new SandboxServer(new SandboxSettings()).start()) {
            assertThatThrownBy(sandbox::start).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void hasNoPortBeforeStart() {
        assertThatThrownBy(() -> new SandboxServer(new SandboxSettings()).port())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unknownSandboxPathsAreNotFound() {
        try (SandboxServer sandbox = new SandboxServer(new SandboxSettings()).start()) {
            SandboxHttp http = new SandboxHttp(sandbox);
            assertThat(http.get("/_sandbox/nothing", null, null).statusCode()).isEqualTo(404);
            assertThat(http.get("/_sandbox/reset", null, null).statusCode()).isEqualTo(405);
            assertThat(sandbox.stats().totalCalls()).isZero();
        }
    }

    @Test
    void settingsRejectNonsense() {
        SandboxSettings settings = new SandboxSettings();
        assertThatThrownBy(() -> settings.latencyMs(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings.qpsLimit(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings.tokenLifetimeSeconds(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings.injectHttpStatus(null, 42, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings.apiKey(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(settings.port()).isZero();
        assertThat(settings.tokenLifetimeSeconds()).isEqualTo(1799);
        assertThat(settings.clientId()).isEqualTo(SandboxSettings.DEFAULT_CLIENT_ID);
    }
}
