package dev.patsnapcamel.model;

/**
 * One unique, valid ID of one source on its way to one endpoint's batch.
 *
 * @param sourceKey the tracker's key for the source (unique per intake, even when a file name repeats)
 * @param source    the source as the ledger names it, e.g. the input file name
 * @param query     the normalised ID
 */
public record WorkItem(String sourceKey, String source, PatentQuery query) {}
