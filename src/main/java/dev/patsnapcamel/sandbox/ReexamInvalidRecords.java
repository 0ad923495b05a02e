package dev.patsnapcamel.sandbox;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * P027 {@code patent_reexam_invalid_data} records, with the fields of PatSnap's published schema:
 * {@code lang}, {@code country}, {@code applicant[]} ({@code name}, {@code sequence}), {@code case_type}
 * ({@code FS} re-examination, {@code WX} invalidation, {@code appeal} outside China), {@code legal_ground}
 * (array of strings), {@code decision_date} ({@code yyyymmdd} integer) and {@code decision_number}.
 */
final class ReexamInvalidRecords implements RecordGenerator {

    private static final List<String> GROUNDS_CN =
            List.of("专利法第22条第3款", "专利法第22条第2款", "专利法第26条第4款", "专利法第26条第3款", "专利法实施细则第20条第2款", "专利法第33条");
    private static final List<String> GROUNDS_EN = List.of(
            "35 U.S.C. 103",
            "35 U.S.C. 102",
            "35 U.S.C. 112(a)",
            "35 U.S.C. 112(b), \"indefiniteness\"",
            "35 U.S.C. 101");

    @Override
    public ObjectNode record(PatentRef patent, Dice dice) {
        Jurisdiction home = Jurisdiction.forCountry(patent.country());
        boolean china = home == Jurisdiction.CHINA;
        boolean invalidation = dice.chance(70);
        String caseType = !china ? "appeal" : invalidation ? "WX" : "FS";
        ArrayNode applicants = new Persons(dice, home).companies(dice.between(1, 2));
        for (JsonNode applicant : applicants) {
            ((ObjectNode) applicant).remove("lang");
        }
        List<String> grounds = china ? GROUNDS_CN : GROUNDS_EN;
        int first = dice.nextInt(grounds.size());
        int count = dice.between(1, 2);
        int decided = dice.date(2010, 2024);

        ObjectNode decision = JsonNodeFactory.instance.objectNode();
        decision.put("lang", home.lang());
        decision.put("country", patent.country());
        decision.set("applicant", applicants);
        decision.put("case_type", caseType);
        ArrayNode legalGround = decision.putArray("legal_ground");
        for (int i = 0; i < count; i++) {
            legalGround.add(grounds.get((first + i) % grounds.size()));
        }
        decision.put("decision_date", decided);
        decision.put(
                "decision_number",
                china
                        ? (invalidation ? "4W" : "1F") + dice.between(100000, 999999)
                        : "IPR" + decided / 10_000 + "-" + dice.digits(5));
        return decision;
    }
}
