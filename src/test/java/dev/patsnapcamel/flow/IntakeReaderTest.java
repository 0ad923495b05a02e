package dev.patsnapcamel.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.patsnapcamel.intake.UnreadableInputException;

/** An input that cannot be opened is unreadable, with the reason, in either pass. */
class IntakeReaderTest {

    @TempDir
    Path dir;

    final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void stop() throws Exception {
        context.close();
    }

    @Test
    void aFileThatVanishedIsUnreadableNotAStuckOrUnexplainedFailure() throws Exception {
        Path file = Files.writeString(dir.resolve("gone.txt"), "US11205304B2\n");
        Exchange exchange = exchange(file.toFile());
        IntakeReader reader = new IntakeReader();
        assertThat(reader.scan(exchange)).isEqualTo(1);

        Files.delete(file);

        assertThatThrownBy(() -> reader.scan(exchange))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageStartingWith("cannot read the input: it is gone or may not be opened");
        assertThatThrownBy(() -> reader.values(exchange))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("gone.txt");
    }

    private Exchange exchange(File file) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(file);
        exchange.getMessage().setHeader(Exchange.FILE_NAME_ONLY, file.getName());
        return exchange;
    }
}
