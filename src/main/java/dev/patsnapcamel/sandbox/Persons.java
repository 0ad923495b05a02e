package dev.patsnapcamel.sandbox;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the API's person documents ({@code {"lang": ..., "name": ..., "sequence": n}}) for one record.
 * Successive calls hand out different names, so licensor and licensee, or plaintiff and defendant,
 * are never the same party.
 */
final class Persons {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Dice dice;
    private final Jurisdiction home;
    private int nextCompany;
    private int nextPerson;

    Persons(Dice dice, Jurisdiction home) {
        this.dice = dice;
        this.home = home;
        this.nextCompany = dice.nextInt(home.companies().size());
        this.nextPerson = dice.nextInt(home.people().size());
    }

    /** {@code count} companies of the jurisdiction not handed out before; now and then one from abroad, in its own language. */
    ArrayNode companies(int count) {
        ArrayNode parties = JSON.arrayNode();
        for (int i = 0; i < count; i++) {
            Jurisdiction origin = dice.chance(15) ? dice.pick(List.of(Jurisdiction.values())) : home;
            String name = origin == home ? nextOf(home.companies(), nextCompany++) : dice.pick(origin.companies());
            parties.add(person(origin.lang(), name, i + 1));
        }
        return parties;
    }

    /** {@code count} people (judges, examiners) of the jurisdiction not handed out before. */
    ArrayNode people(int count) {
        ArrayNode people = JSON.arrayNode();
        for (int i = 0; i < count; i++) {
            people.add(person(home.lang(), nextOf(home.people(), nextPerson++), i + 1));
        }
        return people;
    }

    static ObjectNode person(String lang, String name, int sequence) {
        ObjectNode person = JSON.objectNode();
        person.put("lang", lang);
        person.put("name", name);
        person.put("sequence", sequence);
        return person;
    }

    /** The text of the first name in a person list. */
    static String firstName(ArrayNode persons) {
        return persons.get(0).get("name").asText();
    }

    private static String nextOf(List<String> pool, int index) {
        return pool.get(index % pool.size());
    }
}
