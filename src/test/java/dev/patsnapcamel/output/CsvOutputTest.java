package dev.patsnapcamel.output;

import static dev.patsnapcamel.output.OutputFixture.line;
import static dev.patsnapcamel.output.OutputFixture.report;
import static dev.patsnapcamel.output.OutputFixture.tally;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.patsnapcamel.model.SourceReport;

class CsvOutputTest {

    @TempDir
    Path root;

    @Test
    void columnsAreTheConfiguredFieldsThenTheOthersAlphabeticallyAndBaseNamesArePrefixed() throws IOException {
        OutputFixture f = new OutputFixture(root);
        f.ledgerLines(
                "license",
                "2026-11-21",
                line(
                        "s1",
                        "a.txt",
                        "license",
                        "US1B2",
                        "found",
                        "[{\"zeta\":1,\"country\":\"US\",\"status\":\"x\",\"licensors\":[{\"name\":\"A, Inc.\"}]}]",
                        null,
                        null),
                line("s2", "other.txt", "license", "US9B2", "found", "[{\"unrelated\":true}]", null, null),
                line(
                        "s1",
                        "a.txt",
                        "license",
                        "US2B2",
                        "found",
                        "[{\"alpha\":{\"k\":[1,2]},\"country\":\"DE\"}]",
                        null,
                        null));
        CsvOutput sink = new CsvOutput(
                root.resolve("csv"),
                f.ledger,
                Map.of("license", List.of("licensors", "country")),
                false,
                new CellText("; "));

        List<Path> files = sink.write(report(
                "s1",
                "a.txt",
                Map.of("license", tally(2, 0, 0, 0, 0, 1)),
                "2026-11-21T10:00:00Z",
                "2026-11-21T10:05:00Z"));

        assertThat(files).containsExactly(root.resolve("csv").resolve("a.txt").resolve("license.csv"));
        List<CSVRecord> rows = parse(files.get(0));
        assertThat(rows.get(0).values())
                .containsExactly(
                        "source",
                        "endpoint",
                        "query",
                        "status",
                        "pn",
                        "patent_id",
                        "error_code",
                        "error",
                        "fetched_at",
                        "licensors",
                        "country",
                        "alpha",
                        "record.status",
                        "zeta");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).values())
                .containsExactly(
                        "a.txt",
                        "license",
                        "US1B2",
                        "found",
                        "US1B2",
                        "id-US1B2",
                        "",
                        "",
                        "2026-11-21T10:15:30Z",
                        "A, Inc.",
                        "US",
                        "",
                        "x",
                        "1");
        assertThat(rows.get(2).values())
                .containsExactly(
                        "a.txt",
                        "license",
                        "US2B2",
                        "found",
                        "US2B2",
                        "id-US2B2",
                        "",
                        "",
                        "2026-11-21T10:15:30Z",
                        "",
                        "DE",
                        "{\"k\":[1,2]}",
                        "",
                        "");
        // plain UTF-8 without a byte order mark when sink.csv.bom=false
        assertThat(Files.readAllBytes(files.get(0))[0]).isEqualTo((byte) 's');
    }

    @Test
    void cellsASpreadsheetWouldRunGetAQuoteInFrontUnlessTheGuardIsOff() throws IOException {
        OutputFixture f = new OutputFixture(root);
        f.ledgerLines(
                "license",
                "2026-11-21",
                line(
                        "s1",
                        "f.txt",
                        "license",
                        "US1B2",
                        "found",
                        "[{\"licensors\":[{\"name\":\"=1+1\"}],\"country\":\"@SUM(A1)\",\"license_type\":\"-2+3\","
                                + "\"contract_number\":\"+cmd\",\"note\":\"\\tx\",\"more\":\"\\r=y\",\"amount\":-5,"
                                + "\"plain\":\"a=b\"}]",
                        null,
                        null));
        List<String> fields =
                List.of("licensors", "country", "license_type", "contract_number", "note", "more", "amount", "plain");
        CsvOutput guarded = new CsvOutput(
                root.resolve("csv"), f.ledger, Map.of("license", fields), false, new CellText("; ", true));
        CsvOutput unguarded = new CsvOutput(
                root.resolve("raw"),
                f.ledger,
                Map.of("license", fields),
                false,
                new CellText("; ").withFormulaGuard(false));
        SourceReport report = report(
                "s1",
                "f.txt",
                Map.of("license", tally(1, 0, 0, 0, 0, 1)),
                "2026-11-21T10:00:00Z",
                "2026-11-21T10:05:00Z");

        List<String> safe = List.of(parse(guarded.write(report).get(0)).get(1).values());
        List<String> raw = List.of(parse(unguarded.write(report).get(0)).get(1).values());

        assertThat(safe.subList(9, 17))
                .containsExactly("'=1+1", "'@SUM(A1)", "'-2+3", "'+cmd", "'\tx", "'\r=y", "-5", "a=b");
        assertThat(raw.subList(9, 17)).containsExactly("=1+1", "@SUM(A1)", "-2+3", "+cmd", "\tx", "\r=y", "-5", "a=b");
        assertThat(safe.subList(0, 9)).isEqualTo(raw.subList(0, 9));
    }

    @Test
    void readsTheLedgerFilesOfEveryDayTheSourceRanAndNoOthers() throws IOException {
        OutputFixture f = new OutputFixture(root);
        f.ledgerLines(
                "customs", "2026-11-20", line("s1", "night.txt", "customs", "CN1A", "not_found", null, null, null));
        f.ledgerLines(
                "customs",
                "2026-11-21",
                line("s1", "night.txt", "customs", "CN2A", "failed", null, "67200100", "busy"));
        f.ledgerLines("customs", "2026-11-22", line("s1", "night.txt", "customs", "CN3A", "empty", null, null, null));
        CsvOutput sink = new CsvOutput(root.resolve("csv"), f.ledger, Map.of(), true, new CellText("; "));

        Path file = sink.write(report(
                        "s1",
                        "night.txt",
                        Map.of("customs", tally(0, 0, 1, 0, 1, 1)),
                        "2026-11-20T23:59:00Z",
                        "2026-11-21T00:01:00Z"))
                .get(0);

        List<CSVRecord> rows = parse(file);
        assertThat(rows.get(0).values())
                .containsExactly(
                        "source",
                        "endpoint",
                        "query",
                        "status",
                        "pn",
                        "patent_id",
                        "error_code",
                        "error",
                        "fetched_at");
        assertThat(rows.subList(1, rows.size()))
                .extracting(r -> r.get(2) + " " + r.get(3) + " " + r.get(6))
                .containsExactly("CN1A not_found ", "CN2A failed 67200100");
    }

    @Test
    void aSourceNameNeverBecomesAPathOutsideTheCsvFolder() {
        OutputFixture f = new OutputFixture(root);
        CsvOutput sink = new CsvOutput(root.resolve("csv"), f.ledger, Map.of(), true, new CellText("; "));

        for (String name : List.of("../../etc/passwd", "..", "sftp:host/in/../x.txt", "/abs/path.txt", "a\\..\\b")) {
            Path folder = sink.folder(report("s1", name, Map.of(), "2026-11-21T10:00:00Z", "2026-11-21T10:00:00Z"));
            assertThat(folder.getParent()).as(name).isEqualTo(root.resolve("csv"));
            assertThat(folder.getFileName().toString()).as(name).matches("[A-Za-z0-9_][A-Za-z0-9._~-]*");
        }
        assertThatThrownBy(() -> sink.write(report(
                        "s1",
                        "a.txt",
                        Map.of("../x", tally(0, 0, 0, 0, 0, 0)),
                        "2026-11-21T10:00:00Z",
                        "2026-11-21T10:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesOnceForBothTheCsvOutputAndTheSummaryMail() throws IOException {
        OutputFixture f = new OutputFixture(root);
        f.ledgerLines("license", "2026-11-21", line("s1", "a.txt", "license", "US1B2", "empty", null, null, null));
        CsvOutput sink = new CsvOutput(root.resolve("csv"), f.ledger, Map.of(), true, new CellText("; "));
        SourceReport report = report(
                "s1",
                "a.txt",
                Map.of("license", tally(0, 1, 0, 0, 0, 1)),
                "2026-11-21T10:00:00Z",
                "2026-11-21T10:00:01Z");

        Path first = sink.write(report).get(0);
        Files.writeString(first, "marker");
        assertThat(sink.write(report)).containsExactly(first);
        assertThat(Files.readString(first)).isEqualTo("marker");
        // a source that could not be read has no lines, and no files
        assertThat(sink.write(new SourceReport(
                        null,
                        "bad.bin",
                        "unreadable",
                        "binary",
                        0,
                        0,
                        0,
                        0,
                        Map.of(),
                        "2026-11-21T10:00:00Z",
                        "2026-11-21T10:00:00Z")))
                .isEmpty();
    }

    private static List<CSVRecord> parse(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try (Reader reader = new java.io.StringReader(text);
                CSVParser parser = CSVParser.builder()
                        .setReader(reader)
                        .setFormat(CSVFormat.RFC4180)
                        .get()) {
            return parser.getRecords();
        }
    }
}
