package dev.patsnapcamel.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** P029 {@code patent_transfer_data} records (invented shape): assignors, assignees, conveyance, dates. */
final class TransferRecords implements RecordGenerator {

    private static final List<String> CONVEYANCES_EN = List.of(
            "ASSIGNMENT OF ASSIGNORS INTEREST (SEE DOCUMENT FOR DETAILS).",
            "MERGER AND CHANGE OF NAME",
            "SECURITY INTEREST; ASSIGNOR: \"LENDER\", N.A.");
    private static final List<String> CONVEYANCES_CN = List.of("专利权的转移", "专利申请权的转移", "专利权人的姓名或者名称、地址的变更");

    @Override
    public ObjectNode record(PatentRef patent, Dice dice) {
        Jurisdiction home = Jurisdiction.forCountry(patent.country());
        int executed = dice.date(2008, 2024);
        Persons parties = new Persons(dice, home);
        ObjectNode transfer = JsonNodeFactory.instance.objectNode();
        transfer.put("country", patent.country());
        transfer.set("assignors", parties.companies(dice.between(1, 2)));
        transfer.set("assignees", parties.companies(1));
        transfer.put("conveyance", dice.pick(home == Jurisdiction.CHINA ? CONVEYANCES_CN : CONVEYANCES_EN));
        transfer.put("execution_date", executed);
        transfer.put("recorded_date", dice.dateAfter(executed, 5, 120));
        if (home == Jurisdiction.UNITED_STATES) {
            transfer.put("reel_frame", dice.digits(6) + "/" + dice.digits(4));
        }
        return transfer;
    }
}
