package dev.patsnapcamel.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.patsnapcamel.api.PatentData;
import dev.patsnapcamel.model.PatentQuery;
import dev.patsnapcamel.model.WorkItem;

/** Every patent of an answer is one billed result, counted for the input whose ID it answers. */
class BilledShareTest {

    static final String UUID = "718ead9c-4f3c-4674-8f5a-24e126827269";

    static WorkItem number(String source, String pn) {
        return new WorkItem(source, source + ".txt", new PatentQuery(pn, pn, PatentQuery.Kind.PATENT_NUMBER, null));
    }

    static PatentData item(String pn, String id) {
        return new PatentData(pn, id, JsonNodeFactory.instance.arrayNode());
    }

    @Test
    void eachItemIsBilledOnceToTheSourceOfTheIdItAnswers() {
        List<WorkItem> batch = List.of(
                number("a", "US1B2"),
                number("b", "US2B2"),
                new WorkItem("b", "b.txt", new PatentQuery(UUID, UUID, PatentQuery.Kind.PATENT_ID, null)),
                number("a", "US404B2"));
        Map<String, Long> shares = BilledShare.of(
                batch,
                List.of(
                        item("US1B2", "11111111-0000-0000-0000-000000000000"),
                        item("us2b2", null),
                        item("US11205304B2", UUID.toUpperCase()),
                        // PatSnap answered a patent nobody asked for: billed all the same, to the first source
                        item("EP9B1", null)));
        assertThat(shares).containsOnly(Map.entry("a", 2L), Map.entry("b", 2L));
        assertThat(shares.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(4);
    }

    @Test
    void anAnswerWithoutPatentsBillsNothing() {
        assertThat(BilledShare.of(List.of(number("a", "US404B2")), List.of())).isEmpty();
    }
}
