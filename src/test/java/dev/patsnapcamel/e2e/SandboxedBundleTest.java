package dev.patsnapcamel.e2e;

import org.apache.camel.BeanInject;
import org.junit.jupiter.api.BeforeEach;

import dev.patsnapcamel.sandbox.SandboxServer;
import dev.patsnapcamel.support.Workspace;

/**
 * What the in-process end-to-end tests share: the bundle's own sandbox, and a workspace whose inbox and
 * outbox are emptied, with the sandbox's counters and injected faults cleared, before each test.
 */
abstract class SandboxedBundleTest {

    @BeanInject
    SandboxServer sandbox;

    /** The test class's workspace (a static field, wiped before the bundle first starts). */
    abstract Workspace workspace();

    @BeforeEach
    void startFromAnEmptyWorkspace() {
        workspace().clean();
        sandbox.stats().reset();
        sandbox.settings().clearInjections();
    }
}
