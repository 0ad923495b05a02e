package dev.patsnapcamel.intake;

import static dev.patsnapcamel.intake.Inputs.read;
import static dev.patsnapcamel.intake.Inputs.withBom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CsvInputTest {

    @Test
    void readsThePatentNumberColumnAndIgnoresTheOthers() {
        String csv = "title,patent_number,owner\nWidget,US11205304B2,ACME\nGadget, EP1234567B1 ,Initech\n";

        assertThat(read(csv, IdFormat.CSV)).containsExactly("US11205304B2", "EP1234567B1");
    }

    @Test
    void stripsTheByteOrderMarkBeforeTheFirstHeader() {
        assertThat(read(withBom("patent_number\nUS11205304B2\n"), IdFormat.CSV)).containsExactly("US11205304B2");
    }

    @Test
    void matchesHeadersIgnoringCaseAndBlanks() {
        assertThat(read(" Patent_Number ,x\nUS11205304B2,1\n", IdFormat.CSV)).containsExactly("US11205304B2");
        assertThat(read("PATENT_ID\n718ead9c-0a2b-4c3d-8e9f-0a1b2c3d4e5f\n", IdFormat.CSV))
                .containsExactly("718ead9c-0a2b-4c3d-8e9f-0a1b2c3d4e5f");
        assertThat(read("\"Patent Number\"\r\nUS11205304B2\r\n", IdFormat.CSV)).containsExactly("US11205304B2");
    }

    @Test
    void prefersThePatentIdAndFallsBackToThePatentNumber() {
        String csv = """
                patent_number,patent_id
                US1111111B2,718ead9c-0a2b-4c3d-8e9f-0a1b2c3d4e5f
                US2222222B2,
                ,818ead9c-0a2b-4c3d-8e9f-0a1b2c3d4e5f
                ,
                US3333333B2,"  "
                """;

        assertThat(read(csv, IdFormat.CSV))
                .containsExactly(
                        "718ead9c-0a2b-4c3d-8e9f-0a1b2c3d4e5f",
                        "US2222222B2",
                        "818ead9c-0a2b-4c3d-8e9f-0a1b2c3d4e5f",
                        "US3333333B2");
    }

    @Test
    void readsQuotedFieldsWithCommasQuotesAndLineBreaks() {
        String csv = """
                "title, long",patent_number
                "Widget, improved","US11205304B2"
                "A ""quoted""
                two-line title",EP1234567B1
                plain,"US 11,205,304 B2"
                """;

        assertThat(read(csv, IdFormat.CSV)).containsExactly("US11205304B2", "EP1234567B1", "US 11,205,304 B2");
    }

    @Test
    void treatsMissingCellsOfRaggedRowsAsEmpty() {
        String csv = "title,owner,patent_number\nWidget,ACME,US11205304B2\nshort row\nGadget,Initech\n,,EP1234567B1\n";

        assertThat(read(csv, IdFormat.CSV)).containsExactly("US11205304B2", "EP1234567B1");
    }

    @Test
    void readsNothingFromEmptyInputOrAHeaderAlone() {
        assertThat(read("", IdFormat.CSV)).isEmpty();
        assertThat(read("\n\n", IdFormat.CSV)).isEmpty();
        assertThat(read(withBom("patent_number\n"), IdFormat.CSV)).isEmpty();
    }

    @Test
    void skipsBlankLines() {
        assertThat(read("\npatent_number\n\nUS11205304B2\n\n\nEP1234567B1", IdFormat.CSV))
                .containsExactly("US11205304B2", "EP1234567B1");
    }

    @Test
    void refusesAHeaderWithoutAnIdColumnNamingTheColumnsFound() {
        assertThatThrownBy(() -> read("pn,title\nUS11205304B2,Widget\n", IdFormat.CSV))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("CSV header (line 1) has no patent_number or patent_id column (found columns: 'pn', "
                        + "'title'); the first row must name the ID column");
    }

    @Test
    void refusesAFileWithoutHeader() {
        assertThatThrownBy(() -> read("US11205304B2\nEP1234567B1\n", IdFormat.CSV))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("found columns: 'US11205304B2'");
    }

    @Test
    void hintsAtTheWrongSeparator() {
        assertThatThrownBy(() -> read("patent_number;title\nUS11205304B2;Widget\n", IdFormat.CSV))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("found columns: 'patent_number;title'")
                .hasMessageEndingWith("(the columns seem to be separated by ';'; a CSV file must use ',')");
    }

    @Test
    void refusesMalformedQuotingWithItsLine() {
        assertThatThrownBy(() -> read("patent_number\nUS1111111B2\n\"US2222222B2\"x\n", IdFormat.CSV))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageStartingWith("malformed CSV: ")
                .hasMessageContaining("at line: 3");
        assertThatThrownBy(() -> read("patent_number\n\"US2222222B2\n", IdFormat.CSV))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageStartingWith("malformed CSV: ")
                .hasMessageContaining("EOF");
    }
}
