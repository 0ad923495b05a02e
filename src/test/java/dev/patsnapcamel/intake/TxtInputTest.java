package dev.patsnapcamel.intake;

import static dev.patsnapcamel.intake.Inputs.read;
import static dev.patsnapcamel.intake.Inputs.withBom;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TxtInputTest {

    @Test
    void readsOneValuePerLine() {
        assertThat(read("US11205304B2\nEP1234567B1\r\nCN1394453A\rJP4627367B2", IdFormat.TXT))
                .containsExactly("US11205304B2", "EP1234567B1", "CN1394453A", "JP4627367B2");
    }

    @Test
    void stripsTheByteOrderMark() {
        assertThat(read(withBom("US11205304B2\nEP1234567B1\n"), IdFormat.TXT))
                .containsExactly("US11205304B2", "EP1234567B1");
    }

    @Test
    void splitsAtCommasSemicolonsAndBlanks() {
        String text = "US1111111B2, US2222222B2;US3333333B2 US4444444B2\tUS5555555B2\f"
                + "US6666666B2\u00A0US7777777B2,,;  ,\n\n  US8888888B2  \n";

        assertThat(read(text, IdFormat.TXT))
                .containsExactly(
                        "US1111111B2",
                        "US2222222B2",
                        "US3333333B2",
                        "US4444444B2",
                        "US5555555B2",
                        "US6666666B2",
                        "US7777777B2",
                        "US8888888B2");
    }

    @Test
    void skipsCommentLinesOnly() {
        String text = """
                # exported 2026-11-21, 3 IDs
                US11205304B2
                   # indented comment, US9999999B2
                \t#another
                EP1234567B1 #not-a-comment
                #
                718ead9c-0a2b-4c3d-8e9f-0a1b2c3d4e5f""";

        assertThat(read(text, IdFormat.TXT))
                .containsExactly(
                        "US11205304B2", "EP1234567B1", "#not-a-comment", "718ead9c-0a2b-4c3d-8e9f-0a1b2c3d4e5f");
    }

    @Test
    void keepsValuesAsReadInFileOrderWithDuplicates() {
        assertThat(read("us-11205304-b2\nhello\nus-11205304-b2\n../../etc/passwd", IdFormat.TXT))
                .containsExactly("us-11205304-b2", "hello", "us-11205304-b2", "../../etc/passwd");
    }

    @Test
    void readsNothingFromEmptyOrCommentOnlyInput() {
        assertThat(read("", IdFormat.TXT)).isEmpty();
        assertThat(read(withBom(""), IdFormat.TXT)).isEmpty();
        assertThat(read(" \n\r\n\t, ;\n", IdFormat.TXT)).isEmpty();
        assertThat(read("# nothing here yet\n# US11205304B2", IdFormat.TXT)).isEmpty();
    }

    @Test
    void readsValuesLongerThanTheReadBuffer() {
        String longValue = "US" + "1".repeat(20_000);
        IntakeLimits roomy = new IntakeLimits(30_000, 100, 64);

        assertThat(read("EP1\n" + longValue + "\nEP2", IdFormat.TXT, roomy)).containsExactly("EP1", longValue, "EP2");
    }
}
