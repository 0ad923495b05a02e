package dev.patsnapcamel.flow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The (endpoint, ID) keys being called right now, each with the call that asks for it, so that a batch
 * asking the same while that call is under way waits for its answer instead of paying for it again.
 * A batch claims all its keys at once or none ({@link #claim}), and waits holding no claim, so that two
 * batches never wait for each other.
 */
final class InFlightAsks {

    private final Map<String, CompletableFuture<Void>> calls = new HashMap<>();

    /** The keys claimed by one batch's call; {@link #release} them when the call has settled (or failed). */
    record Claim(CompletableFuture<Void> settled, List<String> keys) {}

    /**
     * Claims the keys for one call. When other calls hold some of {@code waiting} (keys whose answer this
     * call would take from theirs), nothing is claimed (unless {@code anyway}: then the free ones are) and
     * the calls to wait for are returned in {@code busy}. {@code own} (keys asked afresh in any case) are
     * claimed where free but never waited for.
     *
     * @return the claim, or null when the keys are busy and not claimed
     */
    synchronized Claim claim(
            Collection<String> waiting, Collection<String> own, boolean anyway, List<CompletableFuture<Void>> busy) {
        for (String key : waiting) {
            CompletableFuture<Void> other = calls.get(key);
            if (other != null && !busy.contains(other)) {
                busy.add(other);
            }
        }
        if (!busy.isEmpty() && !anyway) {
            return null;
        }
        CompletableFuture<Void> settled = new CompletableFuture<>();
        List<String> mine = new ArrayList<>(waiting.size() + own.size());
        for (Collection<String> keys : List.of(waiting, own)) {
            for (String key : keys) {
                if (calls.putIfAbsent(key, settled) == null) {
                    mine.add(key);
                }
            }
        }
        return new Claim(settled, mine);
    }

    /** Ends a claim: its keys are free, and the batches waiting for it go on. */
    void release(Claim claim) {
        synchronized (this) {
            for (String key : claim.keys()) {
                calls.remove(key, claim.settled());
            }
        }
        claim.settled().complete(null);
    }

    /** How many keys are claimed now. */
    synchronized int size() {
        return calls.size();
    }
}
