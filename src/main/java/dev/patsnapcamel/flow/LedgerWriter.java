package dev.patsnapcamel.flow;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.apache.camel.Body;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Appends ledger lines to {@code <outbox>/<endpoint>/ledger-<yyyy-MM-dd>.jsonl} (UTC date, one file a
 * day per endpoint). Each line is written whole and flushed before the call returns, so a reader never
 * sees half a line except after a crash mid-write.
 */
public final class LedgerWriter extends ServiceSupport {

    private static final Pattern SAFE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final Path outbox;
    private final Clock clock;
    private final ObjectWriter json = new ObjectMapper().writerFor(LedgerEntry.class);
    private final Map<String, OpenLedger> open = new HashMap<>();

    public LedgerWriter(Path outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The folder holding one endpoint's ledger files. */
    public Path folder(String endpoint) {
        if (!SAFE_NAME.matcher(endpoint).matches()) {
            throw new IllegalArgumentException("endpoint name '" + endpoint + "' is not a safe folder name");
        }
        return outbox.resolve(endpoint);
    }

    public void append(@Body LedgerEntry entry) {
        String line;
        try {
            line = json.writeValueAsString(entry) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OpenLedger ledger = ledgerFor(entry.endpoint());
        synchronized (ledger) {
            ledger.write(line, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        }
    }

    private synchronized OpenLedger ledgerFor(String endpoint) {
        return open.computeIfAbsent(endpoint, e -> new OpenLedger(folder(e)));
    }

    @Override
    protected synchronized void doStop() {
        open.values().forEach(OpenLedger::close);
        open.clear();
    }

    /** One endpoint's current ledger file, rolled over when the date changes. */
    private static final class OpenLedger {
        private final Path folder;
        private LocalDate date;
        private BufferedWriter writer;

        OpenLedger(Path folder) {
            this.folder = folder;
        }

        void write(String line, LocalDate today) {
            try {
                if (writer == null || !today.equals(date)) {
                    close();
                    Files.createDirectories(folder);
                    writer = Files.newBufferedWriter(folder.resolve("ledger-" + today + ".jsonl"), StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    date = today;
                }
                writer.write(line);
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the ledger in " + folder, e);
            }
        }

        synchronized void close() {
            if (writer != null) {
                try {
                    writer.close();
                } catch (IOException ignored) {
                    // nothing left to flush after a failed close
                }
                writer = null;
            }
        }
    }
}
