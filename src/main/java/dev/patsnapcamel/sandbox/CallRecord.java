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
 */
public record CallRecord(String path, List<String> ids, long startedAtMillis, long errorCode, int httpStatus) {

    public CallRecord {
        ids = List.copyOf(ids);
    }
}
