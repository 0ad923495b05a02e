package dev.patsnapcamel.watchlist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;

class RecordsDigestTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void theOrderOfRecordsAndOfFieldsDoesNotCount() throws Exception {
        String a = RecordsDigest.of(
                json("[{\"id\":1,\"who\":{\"name\":\"A\",\"lang\":\"en\"}},{\"id\":2,\"date\":20200101}]"));
        String b = RecordsDigest.of(
                json("[{\"date\":20200101,\"id\":2},{\"who\":{\"lang\":\"en\",\"name\":\"A\"},\"id\":1}]"));

        assertThat(a).isEqualTo(b).hasSize(64);
    }

    @Test
    void anyOtherDifferenceCounts() throws Exception {
        String base = RecordsDigest.of(json("[{\"id\":1,\"persons\":[\"A\",\"B\"]}]"));

        assertThat(RecordsDigest.of(json("[{\"id\":1,\"persons\":[\"B\",\"A\"]}]")))
                .as("order inside a record")
                .isNotEqualTo(base);
        assertThat(RecordsDigest.of(json("[{\"id\":\"1\",\"persons\":[\"A\",\"B\"]}]")))
                .as("type of a value")
                .isNotEqualTo(base);
        assertThat(RecordsDigest.of(
                        json("[{\"id\":1,\"persons\":[\"A\",\"B\"]},{\"id\":1,\"persons\":[\"A\",\"B\"]}]")))
                .as("a record twice")
                .isNotEqualTo(base);
        assertThat(RecordsDigest.of(json("[]"))).isNotEqualTo(base);
    }

    @Test
    void noRecordsAtAllIsTheEmptyArray() throws Exception {
        String empty = RecordsDigest.of(json("[]"));

        assertThat(RecordsDigest.of(null)).isEqualTo(empty);
        assertThat(RecordsDigest.of(NullNode.getInstance())).isEqualTo(empty);
        assertThat(RecordsDigest.of(MissingNode.getInstance())).isEqualTo(empty);
    }
}
