package dev.patsnapcamel.api;

import java.time.Instant;
import java.util.Map;

/**
 * Where the closed gates of {@link CallGate} are shared with the other nodes of a cluster (the state
 * database's table {@code patsnap_stop}, {@link JdbcStopBoard}). A standalone node has none: its gates live
 * in its memory only. Times are on the board's clock; every method may throw when the board is unreachable.
 */
public interface StopBoard {

    /** A gate closed on the board: its closure (on the board's clock) and the node that closed it. */
    record Posted(CallGate.Closure closure, String closedBy) {}

    /** Every gate closed now, by gate ({@code *} for the account), and the board's clock when read. */
    record Snapshot(Instant now, Map<String, Posted> closed) {}

    /** The closed gates now. */
    Snapshot read();

    /**
     * Closes the gate, or updates its closure (treatment, code, message, next probe; the first closure's
     * time and node stay) when it is closed already.
     *
     * @return whether this call closed it (it was open on the board)
     */
    boolean close(String gate, CallGate.Closure closure, String node);

    /** Opens the gate: whether this call opened it (it was closed on the board). */
    boolean open(String gate);

    /**
     * Takes the gate's probe when its time has come on the board's clock, pushing the next one to
     * {@code nextProbe}: whether this node won it (at most one node wins each probe).
     */
    boolean claimProbe(String gate, Instant nextProbe, String node);
}
