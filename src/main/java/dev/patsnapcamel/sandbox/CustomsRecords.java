package dev.patsnapcamel.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** P031 {@code patent_customs_record_data} records: Chinese customs IP recordations of the patent. */
final class CustomsRecords implements RecordGenerator {

    /** Records ending before this day are no longer in force (a fixed day: the data never depends on a clock). */
    private static final int IN_FORCE_CUTOFF = 20250101;

    @Override
    public ObjectNode record(PatentRef patent, Dice dice) {
        Jurisdiction home = Jurisdiction.forCountry(patent.country());
        int start = dice.date(2012, 2022);
        int end = dice.dateAfter(start, 3 * 365, 10 * 365);
        ObjectNode customs = JsonNodeFactory.instance.objectNode();
        customs.put("contact", dice.pick(home.firms()));
        customs.put("country", patent.country());
        customs.put("product", dice.pick(home.products()));
        customs.put("end_date", end);
        customs.put("start_date", start);
        customs.put("record_number", "P" + patent.serial() + "-" + start + "-" + end);
        boolean approved = !dice.chance(10);
        customs.put("record_status", !approved ? "注销" : end >= IN_FORCE_CUTOFF ? "生效" : "失效");
        customs.put("approval_opinion", approved ? "已审批、核准" : "不予备案");
        return customs;
    }
}
