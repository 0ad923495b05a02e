package dev.patsnapcamel.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The format a request message is read in when it does not name one (header {@code PatsnapFormat}). */
class QueueRequestsTest {

    @Test
    void jsonIsRecognisedByItsFirstCharacter() {
        assertThat(format("[\"US11205304B2\", \"CN1394453A\"]")).isEqualTo("json");
        assertThat(format("\uFEFF \n\t[{\"patent_number\": \"US11205304B2\"}]")).isEqualTo("json");
        // an object is read as JSON, and so refused as not an array, instead of as two odd text values
        assertThat(format("{\"patent_number\": \"US11205304B2\"}")).isEqualTo("json");
    }

    @Test
    void csvIsRecognisedByAnIdColumnInItsHeaderRow() {
        assertThat(format("patent_number,title\nUS11205304B2,Widget\n")).isEqualTo("csv");
        assertThat(format("\n  \"Title\";\"Patent_ID\"\r\nWidget;718ead9c-0000-4000-8000-000000000001"))
                .isEqualTo("csv");
        assertThat(format("title,PATENT_NUMBER")).isEqualTo("csv");
    }

    @Test
    void anythingElseIsText() {
        assertThat(format("US11205304B2\nCN1394453A")).isEqualTo("txt");
        assertThat(format("US11205304B2, patent_numbers, CN1394453A")).isEqualTo("txt");
        assertThat(format("# patent_number\nUS11205304B2")).isEqualTo("txt");
        assertThat(format("   ")).isEqualTo("txt");
        assertThat(format("")).isEqualTo("txt");
    }

    private static String format(String content) {
        return RequestFormat.detect(content.getBytes(StandardCharsets.UTF_8));
    }
}
