/**
 * Reading ID lists: files and messages in the TXT, CSV and JSON forms of the input contract, read as
 * a stream of raw values ({@link dev.patsnapcamel.intake.IdReader}), each turned into a query or a
 * local rejection ({@link dev.patsnapcamel.intake.PatentIdNormaliser}).
 *
 * <p>Typical use: pick the format from the file name, {@link dev.patsnapcamel.intake.IdReader#scan scan}
 * the file once to settle that it is readable (an {@link dev.patsnapcamel.intake.UnreadableInputException}
 * moves it aside), then stream its {@link dev.patsnapcamel.intake.IdReader#values values} and normalise
 * each. Nothing here holds more than one value of the input in memory, and nothing here depends on Camel.
 */
package dev.patsnapcamel.intake;
