package dev.patsnapcamel.intake;

import static dev.patsnapcamel.intake.Inputs.read;
import static dev.patsnapcamel.intake.Inputs.withBom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonInputTest {

    @Test
    void readsAnArrayOfStrings() {
        assertThat(read("[\"US11205304B2\", \" ep-1234567-b1 \",\n\"US11205304B2\"]", IdFormat.JSON))
                .containsExactly("US11205304B2", "ep-1234567-b1", "US11205304B2");
    }

    @Test
    void stripsTheByteOrderMark() {
        assertThat(read(withBom("[\"US11205304B2\"]"), IdFormat.JSON)).containsExactly("US11205304B2");
    }

    @Test
    void readsObjectsPreferringThePatentIdAndIgnoringOtherKeys() {
        String json = """
                [
                  {"patent_number": "US1111111B2", "title": "Widget", "tags": ["a", {"b": 1}]},
                  {"patent_id": "718ead9c-0a2b-4c3d-8e9f-0a1b2c3d4e5f", "patent_number": "US2222222B2"},
                  {"Patent_Number": "US3333333B2", "patent_id": ""},
                  {"patent_id": null, "patent_number": "US4444444B2"},
                  {"PATENT_ID": "818ead9c-0a2b-4c3d-8e9f-0a1b2c3d4e5f"},
                  "EP1234567B1"
                ]""";

        assertThat(read(json, IdFormat.JSON))
                .containsExactly(
                        "US1111111B2",
                        "718ead9c-0a2b-4c3d-8e9f-0a1b2c3d4e5f",
                        "US3333333B2",
                        "US4444444B2",
                        "818ead9c-0a2b-4c3d-8e9f-0a1b2c3d4e5f",
                        "EP1234567B1");
    }

    @Test
    void skipsEmptyStringsAndObjectsWithEmptyIds() {
        assertThat(read(
                        "[\"\", \"  \", {\"patent_number\": \"\"}, {\"patent_id\": null}, \"CN1394453A\"]",
                        IdFormat.JSON))
                .containsExactly("CN1394453A");
    }

    @Test
    void readsNothingFromEmptyInputOrAnEmptyArray() {
        assertThat(read("", IdFormat.JSON)).isEmpty();
        assertThat(read(" \n", IdFormat.JSON)).isEmpty();
        assertThat(read(withBom("[]"), IdFormat.JSON)).isEmpty();
    }

    @Test
    void refusesADocumentThatIsNotAnArray() {
        assertThatThrownBy(() -> read("{\"patent_number\": \"US11205304B2\"}", IdFormat.JSON))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("not a JSON array: the document starts with an object (line 1, column 1); "
                        + "expected an array such as [\"US11205304B2\", \"EP1234567B1\"]");
        assertThatThrownBy(() -> read("\n  \"US11205304B2\"", IdFormat.JSON))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageStartingWith("not a JSON array: the document starts with a string (line 2, column 3)");
    }

    @Test
    void refusesANumberElementWithItsPosition() {
        assertThatThrownBy(() -> read("[\"US11205304B2\",\n  11205304]", IdFormat.JSON))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("JSON element 2 (line 2, column 3) is the number 11205304; expected a string or an "
                        + "object with patent_id/patent_number, e.g. \"US11205304B2\"");
    }

    @Test
    void refusesOtherElementTypes() {
        assertThatThrownBy(() -> read("[null]", IdFormat.JSON))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageStartingWith("JSON element 1 (line 1, column 2) is null;");
        assertThatThrownBy(() -> read("[\"US1111111B2\", [\"US2222222B2\"]]", IdFormat.JSON))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageStartingWith("JSON element 2 (line 1, column 17) is an array;");
        assertThatThrownBy(() -> read("[true]", IdFormat.JSON))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageStartingWith("JSON element 1 (line 1, column 2) is the boolean true;");
    }

    @Test
    void refusesObjectsWithoutIdKeysOrWithNonStringIds() {
        assertThatThrownBy(() -> read("[{\"pn\": \"US11205304B2\"}]", IdFormat.JSON))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("JSON element 1 (line 1, column 2) is an object without a patent_id or patent_number key");
        assertThatThrownBy(() -> read("[\"US1111111B2\", {\"patent_number\": 11205304}]", IdFormat.JSON))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage(
                        "JSON element 2 (line 1, column 35): \"patent_number\" is the number 11205304; expected a string");
    }

    @Test
    void refusesMalformedJsonWithItsPosition() {
        assertThatThrownBy(() -> read("[\"US11205304B2\" \"EP1234567B1\"]", IdFormat.JSON))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageStartingWith("malformed JSON (line 1, column 17): ");
        assertThatThrownBy(() -> read("[\"US11205304B2\",", IdFormat.JSON))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageStartingWith("malformed JSON (line 1, column 17): ")
                .hasMessageContaining("end-of-input");
    }

    @Test
    void refusesContentAfterTheArray() {
        assertThatThrownBy(() -> read("[\"US11205304B2\"]\n[\"EP1234567B1\"]", IdFormat.JSON))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("unexpected content after the JSON array (line 2, column 1): an array");
    }
}
