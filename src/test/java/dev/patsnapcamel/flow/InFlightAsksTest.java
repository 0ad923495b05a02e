package dev.patsnapcamel.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** The keys being called: all or none claimed, waited for without a claim, freed when the call settles. */
class InFlightAsksTest {

    @Test
    void aBatchWhoseKeysAreBusyClaimsNothingAndWaitsForTheirCall() {
        InFlightAsks asks = new InFlightAsks();
        InFlightAsks.Claim first = asks.claim(List.of("a", "b"), List.of(), false, new ArrayList<>());
        assertThat(first.keys()).containsExactly("a", "b");

        List<CompletableFuture<Void>> busy = new ArrayList<>();
        assertThat(asks.claim(List.of("b", "c"), List.of(), false, busy)).isNull();
        assertThat(busy).containsExactly(first.settled());
        // c was not claimed while waiting: no batch waits holding keys another waits for
        assertThat(asks.size()).isEqualTo(2);

        asks.release(first);
        assertThat(busy.get(0)).isDone();
        assertThat(asks.size()).isZero();
        InFlightAsks.Claim second = asks.claim(List.of("b", "c"), List.of(), false, new ArrayList<>());
        assertThat(second.keys()).containsExactly("b", "c");
    }

    @Test
    void keysAskedAfreshAreClaimedButNeverWaitedFor() {
        InFlightAsks asks = new InFlightAsks();
        InFlightAsks.Claim first = asks.claim(List.of("a"), List.of(), false, new ArrayList<>());
        List<CompletableFuture<Void>> busy = new ArrayList<>();
        InFlightAsks.Claim fresh = asks.claim(List.of(), List.of("a", "b"), false, busy);
        assertThat(busy).isEmpty();
        assertThat(fresh.keys()).containsExactly("b");

        // after the wait, the free keys are claimed anyway; the busy one stays the other call's
        InFlightAsks.Claim anyway = asks.claim(List.of("a", "c"), List.of(), true, busy);
        assertThat(anyway.keys()).containsExactly("c");
        asks.release(anyway);
        asks.release(fresh);
        assertThat(asks.size()).isEqualTo(1);
        asks.release(first);
        assertThat(asks.size()).isZero();
    }
}
