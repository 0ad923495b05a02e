package dev.patsnapcamel.state;

import org.apache.camel.Header;

import dev.patsnapcamel.model.Headers;

/**
 * Whether an input was settled completely before (its report written), by its fingerprint. A remote
 * file that could not be moved away afterwards (the connection dropped at that moment) is found again
 * at the next look: this tells the intake to move it away instead of reading it a second time.
 */
public final class CompletedInputs {

    private final StateStore store;

    public CompletedInputs(StateStore store) {
        this.store = store;
    }

    public boolean contains(@Header(Headers.FINGERPRINT) String fingerprint) {
        return !store.database()
                .jdbc()
                .queryForList(
                        "SELECT 1 FROM patsnap_source WHERE fingerprint = ? AND completed = TRUE",
                        Integer.class,
                        fingerprint)
                .isEmpty();
    }
}
