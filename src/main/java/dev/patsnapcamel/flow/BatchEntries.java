package dev.patsnapcamel.flow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.patsnapcamel.api.PatentData;
import dev.patsnapcamel.api.PatsnapCallException;
import dev.patsnapcamel.api.Treatment;
import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.model.PatentQuery;
import dev.patsnapcamel.model.Status;
import dev.patsnapcamel.model.WorkItem;

/** The ledger entries of one batch: one per ID, from the answer's items or from why the call ended without one. */
final class BatchEntries {

    private BatchEntries() {}

    /**
     * One entry per ID of the batch from a successful answer: {@code found} or {@code empty} when an item
     * answers it (by patent id, or by number), {@code not_found} otherwise.
     */
    static List<LedgerEntry> answered(List<WorkItem> batch, String endpoint, List<PatentData> items, Instant now) {
        Map<String, PatentData> byId = new HashMap<>();
        Map<String, PatentData> byNumber = new HashMap<>();
        for (PatentData item : items) {
            if (item.patentId() != null) {
                byId.putIfAbsent(item.patentId().toLowerCase(Locale.ROOT), item);
            }
            if (item.pn() != null) {
                byNumber.putIfAbsent(item.pn().toUpperCase(Locale.ROOT), item);
            }
        }
        List<LedgerEntry> entries = new ArrayList<>(batch.size());
        for (WorkItem work : batch) {
            PatentQuery q = work.query();
            PatentData found = q.kind() == PatentQuery.Kind.PATENT_ID ? byId.get(q.query()) : byNumber.get(q.query());
            if (found == null) {
                entries.add(LedgerEntry.answered(
                        work, endpoint, Status.NOT_FOUND, null, null, JsonNodeFactory.instance.arrayNode(), now));
            } else {
                ArrayNode records = found.records();
                entries.add(LedgerEntry.answered(
                        work,
                        endpoint,
                        records.isEmpty() ? Status.EMPTY : Status.FOUND,
                        found.pn(),
                        found.patentId(),
                        records,
                        now));
            }
        }
        return entries;
    }

    /**
     * One entry per ID of a batch whose call ended without an answer: {@code rejected} when the API refused
     * the request, {@code failed} otherwise, with the last code and message.
     */
    static List<LedgerEntry> unanswered(List<WorkItem> batch, String endpoint, Throwable cause, Instant now) {
        String code;
        String error;
        Status status = Status.FAILED;
        if (cause instanceof PatsnapCallException call) {
            code = call.code();
            error = call.detail();
            if (call.treatment() == Treatment.REJECT || call.treatment() == Treatment.SPLIT_BATCH) {
                status = Status.REJECTED;
            }
        } else {
            code = cause == null ? "UNKNOWN" : "IO";
            error = cause == null ? "unknown failure" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        List<LedgerEntry> entries = new ArrayList<>();
        for (WorkItem work : batch) {
            entries.add(LedgerEntry.unanswered(
                    work.sourceKey(), work.source(), endpoint, work.query().query(), status, code, error, now));
        }
        return entries;
    }
}
