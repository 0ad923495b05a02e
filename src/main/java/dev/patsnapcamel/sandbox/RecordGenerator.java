package dev.patsnapcamel.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Invents one plausible record of an endpoint's result array for a patent. */
interface RecordGenerator {

    /**
     * One record, built only from the patent and the dice (never from clocks or shared state),
     * with the endpoint's field names in the order the API documents them.
     */
    ObjectNode record(PatentRef patent, Dice dice);
}
