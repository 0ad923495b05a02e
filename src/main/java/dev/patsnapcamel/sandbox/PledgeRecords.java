package dev.patsnapcamel.sandbox;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * P030 {@code patent_pledge_data} records, with the fields of PatSnap's published schema:
 * {@code country}, {@code pledgees[]} (name documents), {@code pledgors[]} (name documents plus
 * {@code effective_date_us}), {@code reel_frame} (like {@code 060332/0740}), {@code pledge_type} and
 * {@code effective_date}; dates are {@code yyyymmdd} integers.
 */
final class PledgeRecords implements RecordGenerator {

    private static final List<String> TYPES_EN = List.of(
            "SECURITY INTEREST",
            "SECURITY AGREEMENT",
            "RELEASE BY SECURED PARTY",
            "PATENT SECURITY AGREEMENT, \"SUPPLEMENT\"");
    private static final List<String> TYPES_CN = List.of("专利权质押合同登记的生效", "专利权质押合同登记的注销", "专利权质押合同登记的变更");

    @Override
    public ObjectNode record(PatentRef patent, Dice dice) {
        Jurisdiction home = Jurisdiction.forCountry(patent.country());
        Persons parties = new Persons(dice, home);
        int effective = dice.date(2010, 2024);
        ArrayNode pledgors = parties.companies(1);
        for (JsonNode pledgor : pledgors) {
            ((ObjectNode) pledgor).put("effective_date_us", dice.dateAfter(effective, -60, 0));
        }
        ObjectNode pledge = JsonNodeFactory.instance.objectNode();
        pledge.put("country", patent.country());
        pledge.set("pledgees", parties.companies(dice.between(1, 2)));
        pledge.set("pledgors", pledgors);
        pledge.put("reel_frame", dice.digits(6) + "/" + dice.digits(4));
        pledge.put("pledge_type", dice.pick(home == Jurisdiction.CHINA ? TYPES_CN : TYPES_EN));
        pledge.put("effective_date", effective);
        return pledge;
    }
}
