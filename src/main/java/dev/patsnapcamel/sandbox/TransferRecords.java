package dev.patsnapcamel.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * P029 {@code patent_transfer_data} records, with the fields of PatSnap's published schema:
 * {@code country}, {@code transferees[]} (name documents), {@code transferers[]} (name documents plus
 * {@code effective_date_us}) and {@code effective_date}; dates are {@code yyyymmdd} integers.
 */
final class TransferRecords implements RecordGenerator {

    @Override
    public ObjectNode record(PatentRef patent, Dice dice) {
        Jurisdiction home = Jurisdiction.forCountry(patent.country());
        int effective = dice.date(2008, 2024);
        Persons parties = new Persons(dice, home);
        ArrayNode transferers = parties.companies(dice.between(1, 2));
        for (JsonNode transferer : transferers) {
            ((ObjectNode) transferer).put("effective_date_us", dice.dateAfter(effective, -120, -5));
        }
        ObjectNode transfer = JsonNodeFactory.instance.objectNode();
        transfer.put("country", patent.country());
        transfer.set("transferees", parties.companies(1));
        transfer.set("transferers", transferers);
        transfer.put("effective_date", effective);
        return transfer;
    }
}
