package dev.patsnapcamel.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patsnapcamel.model.PatentQuery;
import dev.patsnapcamel.model.WorkItem;
import dev.patsnapcamel.ops.Json;

/** A batch's queue message is plain JSON that gives back the very same work items, and nothing else passes. */
class BatchMessageTest {

    final ObjectMapper mapper = Json.mapper();
    final BatchMessage codec = new BatchMessage(mapper);

    final List<WorkItem> batch = List.of(
            new WorkItem(
                    "k1",
                    "ids \"1\".txt",
                    new PatentQuery(" us11205304b2", "US11205304B2", PatentQuery.Kind.PATENT_NUMBER, null)),
            new WorkItem(
                    "k2",
                    "queue:ä/ø",
                    new PatentQuery(
                            "0F6A7E8C-8D7B-4E0B-9F3C-1B2A3C4D5E6F",
                            "0f6a7e8c-8d7b-4e0b-9f3c-1b2a3c4d5e6f",
                            PatentQuery.Kind.PATENT_ID,
                            null)));

    @Test
    void aBatchComesBackAsItWent() throws Exception {
        String json = codec.json(batch, "batch-1");

        assertThat(codec.items(json)).isEqualTo(batch);
        JsonNode tree = mapper.readTree(json);
        assertThat(tree.get("batch").asText()).isEqualTo("batch-1");
        assertThat(tree.get("items").get(0).get("source_key").asText()).isEqualTo("k1");
        assertThat(tree.get("items").get(1).get("kind").asText()).isEqualTo("PATENT_ID");
        // text, never a serialized Java object
        assertThat(json).startsWith("{").doesNotContain("dev.patsnapcamel");
    }

    @Test
    void anEmptyBatchIsAnEmptyList() {
        assertThat(codec.items(codec.json(List.of(), "b"))).isEmpty();
    }

    @Test
    void whatIsNotABatchIsRefused() {
        assertThatThrownBy(() -> codec.items("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.items("{\"batch\":\"b\"}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        codec.items("{\"items\":[{\"source_key\":\"k\",\"source\":\"s\",\"kind\":\"PATENT_ID\"}]}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> codec.items(
                                "{\"items\":[{\"source_key\":\"k\",\"source\":\"s\",\"kind\":\"REJECTED\",\"query\":\"x\",\"raw\":\"x\"}]}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> codec.items(
                                "{\"items\":[{\"source_key\":\"k\",\"source\":\"s\",\"kind\":\"NOPE\",\"query\":\"x\",\"raw\":\"x\"}]}"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
