package dev.patsnapcamel.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Every part of the status page's template, filled with one snapshot that has each kind of row: stops, a
 * budget, an input being read and one read whole, a finished input with an error, alerts of a node, the nodes.
 * Every value from outside is markup-like, and must come out as text.
 */
class StatusPageRenderingTest {

    static final String EVIL = "<script>alert(1)</script>";

    final StatusPage page = new StatusPage();

    @Test
    void everyPartRendersAndEveryValueIsEscaped() {
        StatusSnapshot s = new StatusSnapshot(
                "2026-12-03T10:00:00Z",
                "node-<1>",
                "1.2.3",
                true,
                false,
                5,
                new StatusSnapshot.Account(
                        "stopped",
                        List.of(
                                new StatusSnapshot.Stop(
                                        "account",
                                        "67200005",
                                        EVIL,
                                        "stop-account",
                                        "2026-12-03T09:00:00Z",
                                        "2026-12-03T10:05:00Z"),
                                new StatusSnapshot.Stop(
                                        "litigation",
                                        "67200004",
                                        "no permission",
                                        "stop-endpoint",
                                        "2026-12-03T09:30:00Z",
                                        "2026-12-03T10:05:00Z")),
                        new StatusSnapshot.Budget("2026-12-03", 1000, 1200, 50, 120.0, "2026-12-04T00:00:00Z")),
                new StatusSnapshot.Calls(1.5, 5, 2, 3, 4, 17, 0.5, 1.25, 2.0),
                List.of(
                        new StatusSnapshot.Input("reading " + EVIL + ".txt", 120, -1, -1, 0, 12.5, -1, "t1"),
                        new StatusSnapshot.Input("counted.txt", 40, -1, 400, 10.0, 10, 36, "t1"),
                        new StatusSnapshot.Input("half.txt", 150, 300, 300, 50.0, 10, 15, "t2"),
                        new StatusSnapshot.Input("long.txt", 10, 90_010, 90_010, 0.0, 1, 90_000, "t3")),
                List.of(new StatusSnapshot.Finished(
                        "bad " + EVIL + ".csv", "unreadable", "not UTF-8: " + EVIL, 0, Map.of(), 0, 0, 0, "t4", "t5")),
                List.of(new StatusSnapshot.Alert("account-stopped", "error", EVIL, "t6", "node-<2>")),
                List.of(
                        new StatusSnapshot.Node("node-<1>", "1.2.3", "t7", "t8", true, true),
                        new StatusSnapshot.Node("n2", null, "t9", "t10", false, false)));

        String html = page.html(s);

        assertThat(html).doesNotContain("<script", "node-<1>", "node-<2>");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html)
                .contains(
                        "<meta http-equiv=\"refresh\" content=\"5\">",
                        "state-stopped",
                        "account (stop-account)",
                        "litigation (stop-endpoint)",
                        "67200004",
                        "1200 of 1000 billed results (120 %), 50 reserved by calls under way",
                        // the bar never runs past its end
                        "<progress id=\"budget\" value=\"1000\" max=\"1000\">",
                        "(2 now, after 67200002)",
                        "3 calls in flight, of at most 4 now",
                        "p50 0.5 s · p95 1.25 s · p99 2 s",
                        "120 (still reading)",
                        "40 of at most 400 (10 %, still reading)",
                        "at most 36 s",
                        "150 of 300 (50 %)",
                        "15 s",
                        "25 h 0 min",
                        "unknown",
                        "unreadable<br><span class=\"error\">not UTF-8: &lt;script&gt;",
                        "(node node-&lt;2&gt;)",
                        "node-&lt;1&gt; (this node)",
                        ">gone<");
        assertThat(html).doesNotContain("No daily budget", "Nothing in progress", "No alert raised");
    }

    @Test
    void anEmptyBundleSaysSoInEachPart() {
        String html = page.html(new StatusSnapshot(
                "t",
                "n",
                "v",
                false,
                true,
                5,
                new StatusSnapshot.Account("running", List.of(), null),
                new StatusSnapshot.Calls(0, 5, 5, 0, 4, 0, 0, 0, 0),
                List.of(),
                List.of(),
                List.of(),
                null));

        assertThat(html)
                .contains(
                        "SANDBOX",
                        "state-running",
                        "No daily budget",
                        "No call returned lately.",
                        "Nothing in progress.",
                        "No input finished since the start.",
                        "No alert raised.")
                .doesNotContain("id=\"nodes\"", "after 67200002");
    }
}
