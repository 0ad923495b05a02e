package dev.patsnapcamel.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.patsnapcamel.sandbox.CallRecord;

/**
 * The checks {@code ClusterTest} and {@code bench/cluster} rest on, on made-up calls and lines: each
 * finds what it must find, so that the acceptance test can fail.
 */
class ClusterRigChecksTest {

    static final String LICENSE = "/advanced-patent-data/license-data";

    @Test
    void theNodeOfALedgerFileIsWhatFollowsItsDate() {
        assertThat(ClusterRig.nodeOfLedgerFile("ledger-2026-12-03-node-1.jsonl"))
                .isEqualTo("node-1");
        assertThat(ClusterRig.nodeOfLedgerFile("ledger-2026-12-03.jsonl")).isEmpty();
    }

    @Test
    void exactlyOnceFindsMissingRepeatedAndUnaskedLines() {
        Map<String, List<String>> asked = Map.of("a.txt", List.of("US1B2", "US2B2"));
        List<ClusterRig.LedgerLine> lines = new ArrayList<>();
        for (String endpoint : ClusterRig.ENDPOINTS) {
            lines.add(line(endpoint, "node-1", "a.txt", "US1B2"));
            lines.add(line(endpoint, "node-2", "a.txt", "US2B2"));
        }
        assertThat(ClusterRig.notExactlyOnce(lines, asked)).isEmpty();

        lines.add(line("license", "node-3", "a.txt", "US2B2"));
        lines.add(line("customs", "node-3", "a.txt", "US9B2"));
        lines.removeIf(l -> l.endpoint().equals("litigation") && l.query().equals("US1B2"));

        assertThat(ClusterRig.notExactlyOnce(lines, asked))
                .containsOnlyKeys("customs", "license", "litigation")
                .containsEntry("license", Map.of("a.txt US2B2", 2L))
                .containsEntry("litigation", Map.of("a.txt US1B2", 0L))
                .containsEntry("customs", Map.of("a.txt US9B2 (not asked for)", 1L));
    }

    @Test
    void arrivalsAreCountedInAnySlidingSecond() {
        // 20 calls 50 ms apart (950 ms from the first to the last), then one 999 ms after the second
        List<CallRecord> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(call("node-1", 1_000_000 + i * 50L, 0));
        }
        assertThat(ClusterRig.maxArrivalsInAnySecond(calls)).isEqualTo(20);
        calls.add(call("node-2", 1_000_000 + 50 + 999, 0));
        assertThat(ClusterRig.maxArrivalsInAnySecond(calls)).isEqualTo(20);
        calls.add(call("node-2", 1_000_000 + 50 + 998, 0));
        assertThat(ClusterRig.maxArrivalsInAnySecond(calls)).isEqualTo(21);
    }

    @Test
    void anIdAskedAgainAfterASuccessfulAnswerIsADuplicateARefusedCallIsNot() {
        List<CallRecord> calls = List.of(
                call("node-1", 1000, 0, "US1B2", "US2B2"),
                call("node-2", 2000, ClusterRig.TOO_FAST, "US3B2"),
                call("node-2", 3000, 0, "US3B2"),
                call("node-3", 4000, 0, "US2B2"));

        Map<String, List<CallRecord>> twice = ClusterRig.askedMoreThanOnce(calls);

        assertThat(twice).containsOnlyKeys(LICENSE + " US2B2");
        assertThat(twice.get(LICENSE + " US2B2")).extracting(CallRecord::nodeId).containsExactly("node-1", "node-3");
        assertThat(ClusterRig.callsPerNode(calls)).containsEntry("node-2", 2L).containsEntry("node-1", 1L);
        assertThat(ClusterRig.firstCallOf(calls, "node-3")).isEqualTo(4000);
        assertThat(ClusterRig.firstCallOf(calls, "node-4")).isZero();
        assertThat(ClusterRig.failedAnswers(calls)).containsExactly(Map.entry("67200002", 1L));
    }

    @Test
    void fullRateIsTheFirstWindowAtTheShareOfTheLimit() {
        List<CallRecord> calls = new ArrayList<>();
        // 10 s at 5 calls/s, then 20 calls/s from 20,000 ms on
        for (long t = 10_000; t < 20_000; t += 200) {
            calls.add(call("node-1", t, 0));
        }
        for (long t = 20_000; t < 26_000; t += 50) {
            calls.add(call("node-1", t, 0));
        }
        assertThat(ClusterRig.fullRateFrom(calls, 10_000, 3000, 0.8, 20)).isBetween(19_000L, 20_000L);
        assertThat(ClusterRig.fullRateFrom(calls.subList(0, 50), 10_000, 3000, 0.8, 20))
                .as("never at full rate")
                .isZero();
        assertThat(ClusterRig.ratioToLimit(calls.subList(50, calls.size()), 20)).isBetween(0.99, 1.01);
    }

    private static ClusterRig.LedgerLine line(String endpoint, String node, String source, String query) {
        return new ClusterRig.LedgerLine(
                endpoint, "ledger-2026-12-03-" + node + ".jsonl", node, source, query, "found");
    }

    private static CallRecord call(String node, long at, long errorCode, String... ids) {
        return new CallRecord(
                LICENSE,
                ids.length == 0 ? List.of("US1B2") : List.of(ids),
                at,
                errorCode,
                200,
                "patsnap-camel/dev (" + node + ")");
    }
}
