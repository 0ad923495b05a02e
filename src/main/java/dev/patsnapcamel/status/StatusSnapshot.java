package dev.patsnapcamel.status;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What the status page shows, at one moment: the same for the HTML page and the JSON ({@code snake_case}
 * names). Times are ISO-8601 instants (UTC); durations are in seconds; -1 means unknown.
 *
 * @param generatedAt when this was taken
 * @param node        this node's id
 * @param cluster     whether the node is one of a cluster ({@code cluster.enabled})
 * @param sandbox     whether the calls go to the built-in sandbox (invented data)
 * @param refreshSeconds how often the page reloads itself
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusSnapshot(
        String generatedAt,
        String node,
        String version,
        boolean cluster,
        boolean sandbox,
        long refreshSeconds,
        Account account,
        Calls calls,
        List<Input> inputs,
        List<Finished> finished,
        List<Alert> alerts,
        List<Node> nodes) {

    /**
     * The account: {@code state} is {@code running}, {@code stopped} (PatSnap refused the account: see
     * {@code stops}), {@code paused} (its daily limit: until the next reset), {@code endpoints-stopped} (some
     * endpoints only) or {@code budget-reached} (the daily budget is used up: work waits for the next day).
     *
     * @param budget the daily budget, or null when there is none
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Account(String state, List<Stop> stops, Budget budget) {}

    /** A stop in force: the whole account ({@code scope} {@code account}) or one endpoint. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Stop(String scope, String code, String message, String treatment, String since, String nextProbe) {}

    /** Results billed today against the daily budget ({@code percent} of it used). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Budget(String day, long daily, long used, long reserved, double percent, String resetsAt) {}

    /**
     * The calls: per second lately against the account's {@code qps} (and the rate allowed now, lower after
     * 67200002), in flight against the limit now, and the latency percentiles of the recent calls (seconds).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Calls(
            double perSecond,
            int qps,
            int allowedQps,
            int inFlight,
            int inFlightLimit,
            int recentCalls,
            double latencyP50Seconds,
            double latencyP95Seconds,
            double latencyP99Seconds) {}

    /**
     * An input in progress: ledger lines settled of those expected ({@code expected} -1 while it is still read;
     * until then {@code atMost}, its values times its endpoints, is what {@code percent} and the time left are
     * measured against), lines per second since this node took it, and the time left at that rate (-1: unknown).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Input(
            String source,
            long settled,
            long expected,
            long atMost,
            double percent,
            double perSecond,
            long secondsLeft,
            String since) {}

    /**
     * An input finished lately (its report): {@code lines} counts its ledger lines by status over all
     * endpoints; {@code billedResults} and {@code calls} are PatSnap's for it.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Finished(
            String source,
            String status,
            String error,
            long idsUnique,
            Map<String, Long> lines,
            long billedResults,
            long reused,
            long calls,
            String startedAt,
            String finishedAt) {}

    /** An alert raised lately (the newest files of {@code outbox/alerts/}). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Alert(String kind, String severity, String message, String raisedAt, String node) {}

    /** Cluster mode: a node of the cluster, {@code alive} while it was seen within {@code cluster.node-timeout}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Node(String id, String version, String startedAt, String seenAt, boolean alive, boolean self) {}
}
