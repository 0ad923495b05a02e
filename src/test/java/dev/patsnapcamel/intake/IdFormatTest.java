package dev.patsnapcamel.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdFormatTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "batch-0915.txt, TXT",
        "BATCH.TXT, TXT",
        "batch, TXT",
        "batch., TXT",
        ".ids, TXT",
        "in/sub.dir/batch, TXT",
        "ids.csv, CSV",
        "ids.Csv, CSV",
        "ids.json, JSON",
        "ids.JSON, JSON",
        "C:\\inbox\\ids.json, JSON",
    })
    void picksTheFormatFromTheExtension(String name, IdFormat format) {
        assertThat(IdFormat.forFileName(name)).isEqualTo(format);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "report.xlsx, .xlsx",
        "ids.csv.gz, .gz",
        "IDS.XYZ, .XYZ",
        "ids.json.bak, .bak",
    })
    void refusesOtherExtensions(String name, String extension) {
        assertThatThrownBy(() -> IdFormat.forFileName(name))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("unsupported file type '" + extension + "' (expected .txt, .csv, .json or no extension)");
    }
}
