package dev.patsnapcamel.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.patsnapcamel.model.PatentQuery.Kind;

class StreamingTest {

    private static final int MILLION = 1_000_000;

    @ParameterizedTest
    @EnumSource(IdFormat.class)
    void scansAMillionValues(IdFormat format) {
        GeneratedIds input = new GeneratedIds(format, MILLION);

        assertThat(IdReader.scan(input, format)).isEqualTo(MILLION);
        assertThat(input.served()).isGreaterThan(12L * MILLION);
    }

    @ParameterizedTest
    @EnumSource(IdFormat.class)
    void streamsAMillionValuesInOrder(IdFormat format) {
        int count = 0;
        try (CloseableIterator<String> values = IdReader.values(new GeneratedIds(format, MILLION), format)) {
            while (values.hasNext()) {
                String value = values.next();
                if (!value.equals(GeneratedIds.value(count))) {
                    assertThat(value).as("value %d", count).isEqualTo(GeneratedIds.value(count));
                }
                count++;
            }
        }
        assertThat(count).isEqualTo(MILLION);
    }

    @Test
    void normalisesAMillionValues() {
        long numbers = 0;
        try (CloseableIterator<String> values =
                IdReader.values(new GeneratedIds(IdFormat.TXT, MILLION), IdFormat.TXT)) {
            while (values.hasNext()) {
                if (PatentIdNormaliser.normalise(values.next()).kind() == Kind.PATENT_NUMBER) {
                    numbers++;
                }
            }
        }
        assertThat(numbers).isEqualTo(MILLION);
    }

    @ParameterizedTest
    @EnumSource(IdFormat.class)
    void readsOnlyAsFarAsTheValuesTaken(IdFormat format) {
        GeneratedIds input = new GeneratedIds(format, MILLION);

        try (CloseableIterator<String> values = IdReader.values(input, format)) {
            assertThat(input.served()).isZero();
            assertThat(values.next()).isEqualTo(GeneratedIds.value(0));
            assertThat(values.next()).isEqualTo(GeneratedIds.value(1));
            assertThat(input.served()).isLessThan(64 * 1024);
        }
    }

    @Test
    void closingTheIteratorClosesTheStreamAndEndsTheIteration() {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in =
                new FilterInputStream(
                        new ByteArrayInputStream("US1111111B2 US2222222B2".getBytes(StandardCharsets.UTF_8))) {
                    @Override
                    public void close() throws IOException {
                        closed.set(true);
                        super.close();
                    }
                };

        CloseableIterator<String> values = IdReader.values(in, IdFormat.TXT);
        assertThat(values.next()).isEqualTo("US1111111B2");
        values.close();
        values.close();

        assertThat(closed).isTrue();
        assertThatIllegalStateException().isThrownBy(values::hasNext);
    }

    @Test
    void returnsTheValuesBeforeAnErrorAndThenKeepsFailing() {
        byte[] content = ("US1111111B2\n" + "x".repeat(20_000) + "\0").getBytes(StandardCharsets.UTF_8);

        try (CloseableIterator<String> values = IdReader.values(new ByteArrayInputStream(content), IdFormat.TXT)) {
            assertThat(values.next()).isEqualTo("US1111111B2");
            assertThatThrownBy(values::hasNext)
                    .isInstanceOf(UnreadableInputException.class)
                    .hasMessageStartingWith("binary content at byte 20012 (line 2)");
            assertThatThrownBy(values::next)
                    .isInstanceOf(UnreadableInputException.class)
                    .hasMessageStartingWith("binary content at byte 20012 (line 2)");
        }
    }
}
