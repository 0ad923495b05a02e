package dev.patsnapcamel.watchlist;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Body;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.model.LedgerEntry;
import dev.patsnapcamel.model.Status;
import dev.patsnapcamel.state.WatchlistStore;

/**
 * Keeps what a watch-list run found (route {@code results-to-watchlist}): every ledger line of the run
 * becomes an entry of its snapshot, with the records and their {@link RecordsDigest}. An ID that
 * {@code failed} or was {@code rejected} has no data: no data is not "no records", so the entry keeps
 * the state the previous run had for it (and an ID never answered stays unknown).
 */
public final class WatchlistResults {

    private final WatchlistStore store;
    private final ObjectMapper json;

    public WatchlistResults(WatchlistStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    /** Records newly written ledger lines of watch-list runs. */
    public void record(@Body List<LedgerEntry> written) {
        Map<String, List<LedgerEntry>> bySource = new LinkedHashMap<>();
        for (LedgerEntry e : written) {
            if (WatchlistSource.isWatchlist(e.source())) {
                bySource.computeIfAbsent(e.sourceKey(), k -> new ArrayList<>()).add(e);
            }
        }
        bySource.forEach((key, entries) -> {
            String source = entries.get(0).source();
            WatchlistStore.Run run = store.runFor(key, WatchlistSource.listName(source), source);
            List<WatchlistStore.Entry> rows = new ArrayList<>(entries.size());
            for (LedgerEntry e : entries) {
                rows.add(entry(e));
            }
            store.record(run, rows);
        });
    }

    WatchlistStore.Entry entry(LedgerEntry e) {
        boolean answered = e.status() == Status.FOUND || e.status() == Status.EMPTY || e.status() == Status.NOT_FOUND;
        if (!answered) {
            return new WatchlistStore.Entry(
                    e.endpoint(), e.query(), e.status().label(), e.pn(), e.patentId(), null, null, null);
        }
        int count =
                e.records() == null || !e.records().isArray() ? 0 : e.records().size();
        try {
            return new WatchlistStore.Entry(
                    e.endpoint(),
                    e.query(),
                    e.status().label(),
                    e.pn(),
                    e.patentId(),
                    count,
                    RecordsDigest.of(e.records()),
                    count == 0 ? "[]" : json.writeValueAsString(e.records()));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
