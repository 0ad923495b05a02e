package dev.patsnapcamel.intake;

import static dev.patsnapcamel.intake.Inputs.read;
import static dev.patsnapcamel.intake.Inputs.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.patsnapcamel.model.PatentQuery;

/** The caps of {@link IntakeLimits}: long values, many values, deep JSON. */
class InputLimitsTest {

    static final IntakeLimits LIMITS = new IntakeLimits(64, 1000, 8);
    static final String MARK = LongValue.mark(64);

    @Test
    void aLongTextValueIsCutAndTheRestOfTheFileStillReads() {
        String huge = "US" + "7".repeat(200_000);

        List<String> values = read("EP1234567B1\n" + huge + " CN1394453A\n", IdFormat.TXT, LIMITS);

        assertThat(values).containsExactly("EP1234567B1", huge.substring(0, 64) + MARK, "CN1394453A");
        PatentQuery cut = PatentIdNormaliser.normalise(values.get(1));
        assertThat(cut.rejected()).isTrue();
        assertThat(cut.query())
                .startsWith("US7777")
                .endsWith("[cut: longer than 64 characters]")
                .hasSize(64 + MARK.length());
        assertThat(cut.rejection()).startsWith(PatentIdNormaliser.NOT_AN_ID).contains("intake.max-value-length");
    }

    @Test
    void aValueOfExactlyTheLimitIsKept() {
        String edge = "x".repeat(64);

        assertThat(read(edge + "\n" + edge + "y", IdFormat.TXT, LIMITS)).containsExactly(edge, edge + MARK);
    }

    @Test
    void aLongCsvCellIsCutQuotedOrNotWithTheOtherCellsIntact() {
        String huge = "A".repeat(100_000);
        String csv = "note,patent_number\n"
                + "\"" + huge.replace("AAAA", "A\"\"A,\nA") + "\",US11205304B2\n"
                + huge + ",EP1234567B1\n"
                + "short,\"" + huge + "\"\n"
                + "\"x\"\"y\",CN1394453A\n";

        List<String> values = read(csv, IdFormat.CSV, LIMITS);

        assertThat(values).hasSize(4);
        assertThat(values.subList(0, 2)).containsExactly("US11205304B2", "EP1234567B1");
        assertThat(values.get(2)).isEqualTo("A".repeat(64) + MARK);
        assertThat(values.get(3)).isEqualTo("CN1394453A");
    }

    @Test
    void aLongJsonStringIsCutWithoutBreakingAnEscape() {
        String huge = "\\u00e9\\\"".repeat(50_000);
        String json = "[\"EP1234567B1\", \"" + huge + "\", {\"note\": \"" + huge
                + "\", \"patent_number\": \"US11205304B2\"}," + " \"CN1394453A\"]";

        List<String> values = read(json, IdFormat.JSON, LIMITS);

        assertThat(values).hasSize(4);
        assertThat(values.get(0)).isEqualTo("EP1234567B1");
        assertThat(values.get(1)).isEqualTo("\u00e9\"".repeat(32) + MARK);
        assertThat(values.subList(2, 4)).containsExactly("US11205304B2", "CN1394453A");
    }

    @Test
    void moreValuesThanTheCapRefuseTheInputAndItIsNotReadFurther() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            text.append("US").append(1_000_000 + i).append("B2\n");
        }
        assertThat(IdReader.scan(
                        utf8(text.substring(0, text.length() - "US1001000B2\n".length())), IdFormat.TXT, LIMITS))
                .isEqualTo(1000);
        assertThatThrownBy(() -> IdReader.scan(utf8(text.toString()), IdFormat.TXT, LIMITS))
                .isInstanceOf(UnreadableInputException.class);

        InputStream endless = new InputStream() {
            private long n;

            @Override
            public int read() {
                return n++ % 4 == 3 ? '\n' : 'A';
            }
        };
        assertThatThrownBy(() -> IdReader.scan(endless, IdFormat.TXT, LIMITS))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("more than 1000")
                .hasMessageContaining("intake.max-ids-per-input")
                .hasMessageContaining("none of its IDs was sent");
    }

    @Test
    void jsonNestedDeeperThanTheCapIsUnreadable() {
        String deep = "[{\"patent_number\": \"US11205304B2\", \"x\": " + "[".repeat(20) + "]".repeat(20) + "}]";
        String fine = "[{\"patent_number\": \"US11205304B2\", \"x\": [[[1]]]}]";

        assertThat(read(fine, IdFormat.JSON, LIMITS)).containsExactly("US11205304B2");
        assertThatThrownBy(() -> read(deep, IdFormat.JSON, LIMITS))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("nested too deeply")
                .hasMessageContaining("intake.json.max-depth");
    }

    @Test
    void limitsAreChecked() {
        assertThatThrownBy(() -> new IntakeLimits(10, 1, 8)).hasMessageContaining("intake.max-value-length");
        assertThatThrownBy(() -> new IntakeLimits(64, 0, 8)).hasMessageContaining("intake.max-ids-per-input");
        assertThat(IntakeLimits.from(key -> null)).isEqualTo(IntakeLimits.DEFAULTS);
        assertThat(IntakeLimits.from(key -> key.equals("intake.max-ids-per-input") ? "1_000" : " ")
                        .maxValues())
                .isEqualTo(1000);
    }
}
