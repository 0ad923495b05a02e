package dev.patsnapcamel.flow;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.patsnapcamel.api.PatentData;
import dev.patsnapcamel.model.PatentQuery;
import dev.patsnapcamel.model.WorkItem;

/**
 * Who pays for an answer: PatSnap bills every patent of its {@code data[]}, so each item is one billed
 * result, counted for the source of the first ID of the batch it answers (an item answering none, which
 * PatSnap bills all the same, for the batch's first source). The shares add up to the answer's items.
 */
final class BilledShare {

    private BilledShare() {}

    static Map<String, Long> of(List<WorkItem> batch, List<PatentData> items) {
        Map<String, String> byId = new HashMap<>();
        Map<String, String> byNumber = new HashMap<>();
        for (WorkItem work : batch) {
            PatentQuery q = work.query();
            (q.kind() == PatentQuery.Kind.PATENT_ID ? byId : byNumber).putIfAbsent(q.query(), work.sourceKey());
        }
        String first = batch.isEmpty() ? "" : batch.get(0).sourceKey();
        Map<String, Long> shares = new LinkedHashMap<>();
        for (PatentData item : items) {
            String source =
                    item.patentId() == null ? null : byId.get(item.patentId().toLowerCase(Locale.ROOT));
            if (source == null && item.pn() != null) {
                source = byNumber.get(item.pn().toUpperCase(Locale.ROOT));
            }
            shares.merge(source == null ? first : source, 1L, Long::sum);
        }
        return shares;
    }
}
