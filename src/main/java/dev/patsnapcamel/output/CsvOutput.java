package dev.patsnapcamel.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.apache.camel.Body;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import dev.patsnapcamel.flow.SourceLedger;
import dev.patsnapcamel.model.OutputName;
import dev.patsnapcamel.model.SourceReport;
import dev.patsnapcamel.ops.AtomicFile;

/**
 * The CSV output: once a source's report is written, one flat CSV file per endpoint,
 * {@code <sink.csv.dir>/<source>/<endpoint>.csv} (the folder named by {@link OutputName}), made from the
 * source's ledger lines (the ledger is the record; a CSV can always be made again from it).
 * <p>
 * One row per (patent, record); a patent without records (empty, not found, rejected, failed) gets one
 * row with its status and empty record columns. Columns: {@link #BASE}, then the endpoint's record
 * fields: those configured for the endpoint ({@code sink.csv.columns.<endpoint>}, in that order, always
 * present so that every file of an endpoint has the same header), then any other field the records carry,
 * alphabetically. The file is written in one pass over the lines with the configured columns; only when
 * the records turn out to carry other fields is it written again with them added.
 * <p>
 * RFC 4180 (comma, double quotes, CRLF) through Commons CSV, UTF-8 with a header row and, by default,
 * a byte order mark so that spreadsheet programs read CJK text right. Each file is written to a
 * temporary file in the same folder and moved into place, so a reader never sees half a file.
 */
public final class CsvOutput {

    private static final Logger LOG = LoggerFactory.getLogger(CsvOutput.class);

    /** The columns every file starts with, named as in the ledger. */
    public static final List<String> BASE =
            List.of("source", "endpoint", "query", "status", "pn", "patent_id", "error_code", "error", "fetched_at");
    /** How many sources' files are remembered as written (so that the summary mail and this output share them). */
    private static final int REMEMBERED = 256;

    private static final Pattern SAFE_ENDPOINT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final Path dir;
    private final SourceLedger ledger;
    private final Map<String, List<String>> configuredFields;
    private final boolean bom;
    private final CellText cells;
    private final Object[] locks = new Object[16];
    private final Map<String, List<Path>> written = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Path>> eldest) {
            return size() > REMEMBERED;
        }
    });

    /**
     * @param dir              {@code sink.csv.dir}
     * @param configuredFields per endpoint, the record fields that always get a column, in column order
     * @param bom              start each file with a UTF-8 byte order mark
     * @param cells            how a value becomes cell text
     */
    public CsvOutput(
            Path dir, SourceLedger ledger, Map<String, List<String>> configuredFields, boolean bom, CellText cells) {
        this.dir = dir;
        this.ledger = ledger;
        this.configuredFields = configuredFields;
        this.bom = bom;
        this.cells = cells;
        Arrays.setAll(locks, i -> new Object());
    }

    /**
     * Writes the CSV files of a report's source, unless they were written already for this run of the
     * source (the summary mail may have asked first); returns them, one per endpoint. A source that
     * could not be read has no ledger lines and gets no files.
     */
    public List<Path> write(@Body SourceReport report) {
        if (report.sourceKey() == null) {
            return List.of();
        }
        synchronized (locks[Math.floorMod(report.sourceKey().hashCode(), locks.length)]) {
            List<Path> files = written.get(report.sourceKey());
            if (files == null) {
                files = new ArrayList<>();
                for (String endpoint : report.endpoints().keySet()) {
                    files.add(writeEndpoint(report, endpoint));
                }
                files = List.copyOf(files);
                written.put(report.sourceKey(), files);
            }
            return files;
        }
    }

    /** The folder of a source's files: {@link OutputName#of} the source. */
    public Path folder(SourceReport report) {
        return dir.resolve(OutputName.of(report.source()));
    }

    private Path writeEndpoint(SourceReport report, String endpoint) {
        if (!SAFE_ENDPOINT.matcher(endpoint).matches()) {
            throw new IllegalArgumentException("endpoint name '" + endpoint + "' is not a safe file name");
        }
        Path folder = folder(report);
        Path target = folder.resolve(endpoint + ".csv");
        try {
            long[] rows = {0};
            AtomicFile.write(target, tmp -> {
                // one pass with the configured columns; only if the records carry other fields, a second pass
                // with those added (alphabetically)
                List<String> fields = List.copyOf(configuredFields.getOrDefault(endpoint, List.of()));
                Set<String> others = new TreeSet<>();
                rows[0] = writeRows(report, endpoint, fields, tmp, others);
                if (!others.isEmpty()) {
                    List<String> all = new ArrayList<>(fields);
                    all.addAll(others);
                    rows[0] = writeRows(report, endpoint, all, tmp, new TreeSet<>());
                }
            });
            LOG.info("CSV written: {} ({} rows)", target, rows[0]);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Writes the file with these record columns; collects the record fields without a column into {@code others}. */
    private long writeRows(SourceReport report, String endpoint, List<String> fields, Path file, Set<String> others)
            throws IOException {
        List<String> header = new ArrayList<>(BASE);
        for (String field : fields) {
            header.add(BASE.contains(field) ? "record." + field : field);
        }
        Set<String> known = Set.copyOf(fields);
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setHeader(header.toArray(String[]::new))
                .get();
        long[] rows = {0};
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            if (bom) {
                out.write('\uFEFF');
            }
            try (CSVPrinter printer = new CSVPrinter(out, format)) {
                List<String> row = new ArrayList<>(header.size());
                ledger.forEach(report, endpoint, line -> {
                    Iterator<JsonNode> records = line.path("records").iterator();
                    do {
                        JsonNode record = records.hasNext() ? records.next() : null;
                        row.clear();
                        for (String column : BASE) {
                            row.add(cells.of(line.get(column)));
                        }
                        for (String field : fields) {
                            row.add(record == null ? "" : cells.of(record.get(field)));
                        }
                        if (record != null) {
                            record.fieldNames().forEachRemaining(name -> {
                                if (!known.contains(name)) {
                                    others.add(name);
                                }
                            });
                        }
                        print(printer, row);
                        rows[0]++;
                    } while (records.hasNext());
                });
            }
        }
        return rows[0];
    }

    private static void print(CSVPrinter printer, List<String> row) {
        try {
            printer.printRecord(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
