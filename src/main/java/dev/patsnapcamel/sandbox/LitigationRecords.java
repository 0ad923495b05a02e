package dev.patsnapcamel.sandbox;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * P034 {@code patent_litigation_data} records: court, parties, judges, case number, dates.
 * About one case in five is still pending and has no {@code verdict_date}.
 */
final class LitigationRecords implements RecordGenerator {

    private static final String CNIPA = "中华人民共和国国家知识产权局";
    private static final List<String> CN_CASE_KINDS = List.of("侵害发明专利权纠纷一审民事判决书", "专利权权属纠纷二审民事判决书", "一审行政判决书");
    private static final List<String> US_SUFFIXES = List.of("", "\nMemorandum Opinion and Order", "\nFinal Judgment");

    @Override
    public ObjectNode record(PatentRef patent, Dice dice) {
        Jurisdiction home = Jurisdiction.forCountry(patent.country());
        Jurisdiction.Court court = dice.pick(home.courts());
        Persons persons = new Persons(dice, home);
        ArrayNode judges = persons.people(dice.between(1, 3));
        ArrayNode defendants = persons.companies(dice.between(1, 2));
        ArrayNode plaintiffs = persons.companies(dice.between(1, 2));
        String caseKind = dice.pick(CN_CASE_KINDS);
        if (home == Jurisdiction.CHINA && caseKind.contains("行政")) {
            defendants = JsonNodeFactory.instance.arrayNode().add(Persons.person("CN", CNIPA, 1));
        }
        int filed = dice.date(2010, 2023);

        ObjectNode litigation = JsonNodeFactory.instance.objectNode();
        litigation.put("court", court.name());
        litigation.set("judge", judges);
        litigation.put(
                "title", title(home, dice, Persons.firstName(plaintiffs), Persons.firstName(defendants), caseKind));
        litigation.put("country", home.country());
        litigation.set("defendant", defendants);
        litigation.set("plaintiff", plaintiffs);
        litigation.put("case_number", caseNumber(home, dice, filed / 10_000));
        litigation.put("case_region", court.region());
        litigation.set("chief_judge", judges.get(0).deepCopy());
        litigation.put("filing_date", filed);
        if (!dice.chance(20)) {
            litigation.put("verdict_date", dice.dateAfter(filed, 120, 1200));
        }
        return litigation;
    }

    private static String title(Jurisdiction home, Dice dice, String plaintiff, String defendant, String caseKind) {
        return switch (home) {
            case CHINA -> plaintiff + "与" + defendant + caseKind;
            case JAPAN -> plaintiff + "対" + defendant + " 特許権侵害差止等請求事件";
            case GERMANY -> plaintiff + " ./. " + defendant + " – Urteil";
            case UNITED_STATES -> plaintiff + " v. " + defendant + dice.pick(US_SUFFIXES);
        };
    }

    private static String caseNumber(Jurisdiction home, Dice dice, int year) {
        return switch (home) {
            case CHINA ->
                "(" + year + ")" + dice.pick(List.of("京73", "沪73", "粤73", "苏01")) + dice.pick(List.of("民初", "行初", "民终"))
                        + dice.between(100, 9999) + "号";
            case JAPAN ->
                (year >= 2019 ? "令和" + (year - 2018) : "平成" + (year - 1988)) + "年(ワ)第" + dice.between(1000, 39999)
                        + "号";
            case GERMANY ->
                dice.between(1, 4) + dice.pick(List.of("a", "b", "c")) + " O " + dice.between(1, 299) + "/"
                        + String.format("%02d", year % 100);
            case UNITED_STATES ->
                dice.between(1, 6) + ":" + String.format("%02d", year % 100) + "-cv-" + dice.digits(5);
        };
    }
}
