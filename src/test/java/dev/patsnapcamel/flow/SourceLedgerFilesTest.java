package dev.patsnapcamel.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.patsnapcamel.ops.Json;

/** Which ledger files a source's lines are read from: the day's file and, in cluster mode, every node's. */
class SourceLedgerFilesTest {

    @TempDir
    Path outbox;

    @Test
    void theDaysOfTheSourceAreReadFromEveryNodesFile() throws IOException {
        Path folder = Files.createDirectories(outbox.resolve("license"));
        for (String name : new String[] {
            "ledger-2026-12-02-node-B.jsonl",
            "ledger-2026-12-03.jsonl",
            "ledger-2026-12-03-node-A.jsonl",
            "ledger-2026-12-03-node-B.jsonl",
            "ledger-2026-12-04-node-A.jsonl",
            "ledger-2026-12-03-node-A.jsonl.tmp"
        }) {
            Files.writeString(folder.resolve(name), "");
        }
        SourceLedger ledger = new SourceLedger(outbox::resolve, Json.mapper());

        assertThat(ledger.files("2026-12-03T08:00:00Z", "2026-12-03T09:00:00Z", "license"))
                .extracting(f -> f.getFileName().toString())
                .containsExactly(
                        "ledger-2026-12-03.jsonl", "ledger-2026-12-03-node-A.jsonl", "ledger-2026-12-03-node-B.jsonl");
        // no end known: from the start's day on, every node's files included
        assertThat(ledger.files("2026-12-03T08:00:00Z", null, "license"))
                .extracting(f -> f.getFileName().toString())
                .containsExactlyInAnyOrder(
                        "ledger-2026-12-03.jsonl",
                        "ledger-2026-12-03-node-A.jsonl",
                        "ledger-2026-12-03-node-B.jsonl",
                        "ledger-2026-12-04-node-A.jsonl");
    }
}
