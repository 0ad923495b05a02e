package dev.patsnapcamel.sandbox;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * P028 {@code patent_license_data} records: the seed page's fields (licensors, licensees, license type,
 * effective date, a contract number where the authority has one, such as CN) plus {@code contract_type}
 * (a string) from PatSnap's published schema.
 */
final class LicenseRecords implements RecordGenerator {

    private static final List<String> TYPES_EN = List.of("Exclusive", "Non-exclusive", "Sole", "Sub-license");
    private static final List<String> TYPES_CN = List.of("独占许可", "排他许可", "普通许可", "分许可");
    private static final List<String> CONTRACT_TYPES_EN =
            List.of("LICENSE AGREEMENT", "CROSS-LICENSE AGREEMENT", "LICENSE, \"FIELD OF USE\" LIMITED");
    private static final List<String> CONTRACT_TYPES_CN = List.of("专利实施许可合同", "专利申请实施许可合同");

    @Override
    public ObjectNode record(PatentRef patent, Dice dice) {
        Jurisdiction home = Jurisdiction.forCountry(patent.country());
        List<String> types = home == Jurisdiction.CHINA ? TYPES_CN : TYPES_EN;
        Persons parties = new Persons(dice, home);
        ObjectNode license = JsonNodeFactory.instance.objectNode();
        license.put("country", patent.country());
        license.set("licensees", parties.companies(dice.between(1, 2)));
        license.set("licensors", parties.companies(1));
        ArrayNode licenseType = license.putArray("license_type");
        licenseType.add(types.get(dice.nextInt(types.size() - 1)));
        if (dice.chance(15)) {
            licenseType.add(types.get(types.size() - 1));
        }
        int effective = dice.date(2005, 2024);
        license.put("effective_date", effective);
        if (home == Jurisdiction.CHINA) {
            license.put("contract_number", effective / 10_000 + dice.digits(9));
        }
        license.put("contract_type", dice.pick(home == Jurisdiction.CHINA ? CONTRACT_TYPES_CN : CONTRACT_TYPES_EN));
        return license;
    }
}
