package dev.patsnapcamel.sandbox;

import java.util.List;

/**
 * One business call the sandbox received.
 *
 * @param path            the request path
 * @param ids             the IDs asked for, {@code patent_id} values first, as sent (trimmed)
 * @param startedAtMillis arrival time, epoch ms
 * @param errorCode       the {@code error_code} answered (0 on success or when a bare HTTP status was answered)
 * @param httpStatus      the HTTP status answered
 * @param userAgent       the call's {@code User-Agent} header ({@code patsnap-camel/<version> (<node-id>)} from
 *                        the bundle), empty when it had none: which node of several made the call
 */
public record CallRecord(
        String path, List<String> ids, long startedAtMillis, long errorCode, int httpStatus, String userAgent) {

    public CallRecord {
        ids = List.copyOf(ids);
        userAgent = userAgent == null ? "" : userAgent;
    }

    /** A call without a {@code User-Agent}. */
    public CallRecord(String path, List<String> ids, long startedAtMillis, long errorCode, int httpStatus) {
        this(path, ids, startedAtMillis, errorCode, httpStatus, "");
    }

    /**
     * The node id in a bundle's {@code User-Agent}, {@code patsnap-camel/<version> (<node-id>)}: what stands
     * between the last parentheses, or empty when the agent has none.
     */
    public String nodeId() {
        int open = userAgent.lastIndexOf('(');
        int close = userAgent.lastIndexOf(')');
        return open >= 0 && close > open ? userAgent.substring(open + 1, close) : "";
    }
}
