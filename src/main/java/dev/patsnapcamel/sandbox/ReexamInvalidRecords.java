package dev.patsnapcamel.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** P027 {@code patent_reexam_invalid_data} records (invented shape): re-examination and invalidation decisions. */
final class ReexamInvalidRecords implements RecordGenerator {

    private static final List<String> RESULTS =
            List.of("维持专利权有效", "宣告专利权全部无效", "宣告专利权部分无效", "撤销驳回决定");
    private static final List<String> LEGAL_BASES =
            List.of("专利法第22条第3款", "专利法第26条第4款, 第22条第2款", "专利法实施细则第20条第2款");

    @Override
    public ObjectNode record(PatentRef patent, Dice dice) {
        Jurisdiction home = Jurisdiction.forCountry(patent.country());
        boolean invalidation = dice.chance(70);
        int requested = dice.date(2010, 2023);
        ObjectNode decision = JsonNodeFactory.instance.objectNode();
        decision.put("country", patent.country());
        decision.put("decision_type", invalidation ? "无效宣告请求审查决定" : "复审请求审查决定");
        decision.put("decision_number", "第" + dice.between(10000, 69999) + "号");
        decision.put("request_date", requested);
        decision.put("decision_date", dice.dateAfter(requested, 90, 900));
        decision.set("requester", new Persons(dice, home).companies(1));
        decision.set("examiner", new Persons(dice, Jurisdiction.CHINA).people(dice.between(1, 3)));
        decision.put("decision_result", invalidation ? dice.pick(RESULTS.subList(0, 3)) : RESULTS.get(3));
        decision.put("legal_basis", dice.pick(LEGAL_BASES));
        return decision;
    }
}
