package dev.patsnapcamel.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** P030 {@code patent_pledge_data} records (invented shape): pledgors, pledgees, registration and release. */
final class PledgeRecords implements RecordGenerator {

    /** Releases dated after this day have not happened yet (a fixed day: the data never depends on a clock). */
    private static final int RELEASED_BEFORE = 20250101;

    @Override
    public ObjectNode record(PatentRef patent, Dice dice) {
        Jurisdiction home = Jurisdiction.forCountry(patent.country());
        Persons parties = new Persons(dice, home);
        int registered = dice.date(2010, 2024);
        int release = dice.dateAfter(registered, 180, 3600);
        boolean released = release < RELEASED_BEFORE;
        ObjectNode pledge = JsonNodeFactory.instance.objectNode();
        pledge.put("country", patent.country());
        pledge.set("pledgors", parties.companies(1));
        pledge.set("pledgees", parties.companies(dice.between(1, 2)));
        pledge.put("contract_number", "Y" + registered / 10_000 + dice.digits(10));
        pledge.put("registration_date", registered);
        if (released) {
            pledge.put("release_date", release);
        }
        pledge.put("pledge_status", released ? "解除" : "生效");
        return pledge;
    }
}
