package dev.patsnapcamel.intake;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.StringJoiner;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Values of a CSV ID list (RFC 4180, header row required, blank lines skipped). The header must name
 * a {@code patent_id} and/or {@code patent_number} column; per row the patent id cell is taken when
 * non-empty, else the patent number cell. Rows with both empty, or too short to reach them, are
 * skipped; other columns are ignored. The reader given is behind a {@link CsvCellGuard}, so no cell is
 * held longer than {@code intake.max-value-length} and its mark.
 */
final class CsvValues extends ValueIterator {

    private static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
    private static final int COLUMNS_LISTED = 20;
    private static final int COLUMN_NAME_SHOWN = 40;

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private boolean headerRead;
    private int patentIdColumn = -1;
    private int patentNumberColumn = -1;

    CsvValues(Reader reader) {
        super(reader);
        try {
            this.parser =
                    CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
            this.records = parser.iterator();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected String readNext() throws IOException {
        try {
            if (!headerRead) {
                headerRead = true;
                if (!records.hasNext()) {
                    return null;
                }
                readHeader(records.next());
            }
            while (records.hasNext()) {
                CSVRecord row = records.next();
                String value = IdField.choose(cell(row, patentIdColumn), cell(row, patentNumberColumn));
                if (!value.isEmpty()) {
                    return value;
                }
            }
            return null;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CSVException malformed) {
                throw new UnreadableInputException("malformed CSV: " + malformed.getMessage(), malformed);
            }
            throw e.getCause();
        }
    }

    private void readHeader(CSVRecord header) {
        for (int column = 0; column < header.size(); column++) {
            IdField field = IdField.forName(header.get(column));
            if (field == IdField.PATENT_ID && patentIdColumn < 0) {
                patentIdColumn = column;
            } else if (field == IdField.PATENT_NUMBER && patentNumberColumn < 0) {
                patentNumberColumn = column;
            }
        }
        if (patentIdColumn < 0 && patentNumberColumn < 0) {
            throw new UnreadableInputException("CSV header (line " + parser.getCurrentLineNumber()
                    + ") has no patent_number or patent_id column (found columns: " + describe(header)
                    + "); the first row must name the ID column" + separatorHint(header));
        }
    }

    private static String cell(CSVRecord row, int column) {
        return column >= 0 && column < row.size() ? Blanks.strip(row.get(column)) : "";
    }

    private static String describe(CSVRecord header) {
        StringJoiner names = new StringJoiner(", ");
        for (int column = 0; column < Math.min(header.size(), COLUMNS_LISTED); column++) {
            String name = header.get(column);
            names.add("'" + (name.length() > COLUMN_NAME_SHOWN ? name.substring(0, COLUMN_NAME_SHOWN) + "..." : name)
                    + "'");
        }
        if (header.size() > COLUMNS_LISTED) {
            names.add("and " + (header.size() - COLUMNS_LISTED) + " more");
        }
        return names.toString();
    }

    private static String separatorHint(CSVRecord header) {
        if (header.size() != 1) {
            return "";
        }
        String only = header.get(0);
        for (char separator : new char[] {';', '\t', '|'}) {
            if (only.indexOf(separator) >= 0) {
                String shown = separator == '\t' ? "tab" : "'" + separator + "'";
                return " (the columns seem to be separated by " + shown + "; a CSV file must use ',')";
            }
        }
        return "";
    }
}
