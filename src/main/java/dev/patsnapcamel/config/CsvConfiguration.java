package dev.patsnapcamel.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.flow.LedgerWriter;
import dev.patsnapcamel.flow.SourceLedger;
import dev.patsnapcamel.mail.MailSettings;
import dev.patsnapcamel.output.CellText;
import dev.patsnapcamel.output.CsvOutput;

/**
 * The CSV files ({@code sink.csv.*}): {@code csvSink} writes them for route report-to-csv (present when
 * {@code csv} is an output) and finds them for the mails that attach them; {@code sourceLedger} reads a source's
 * ledger lines back, {@code cellText} makes cells of record values.
 */
public class CsvConfiguration implements FeatureConfiguration {

    private static final String COLUMNS = "sink.csv.columns.";

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        LedgerWriter ledger = Beans.need(context, "ledgerWriter", LedgerWriter.class);
        SourceLedger sourceLedger =
                new SourceLedger(ledger::folder, Beans.need(context, "jsonMapper", ObjectMapper.class));
        CellText cells = new CellText("; ");
        Map<String, List<String>> columns = new LinkedHashMap<>();
        Properties configured = settings.family(k -> k.startsWith(COLUMNS));
        configured
                .stringPropertyNames()
                .forEach(
                        k -> columns.put(k.substring(COLUMNS.length()), MailSettings.items(configured.getProperty(k))));
        CsvOutput csv = new CsvOutput(
                Path.of(settings.text("sink.csv.dir")),
                sourceLedger,
                columns,
                settings.flag("sink.csv.bom"),
                cells.withFormulaGuard(settings.flag("sink.csv.formula-guard")));
        context.getRegistry().bind("sourceLedger", sourceLedger);
        context.getRegistry().bind("cellText", cells);
        context.getRegistry().bind("csvSink", csv);
    }
}
