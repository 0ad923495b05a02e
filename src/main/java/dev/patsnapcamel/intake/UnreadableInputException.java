package dev.patsnapcamel.intake;

/**
 * An input that cannot be read as a list of IDs at all: binary content, an encoding other than UTF-8,
 * an unsupported file type, or a CSV or JSON document without the expected structure.
 *
 * <p>The message is shown to operators as is. It says what is wrong and, where it applies, where in
 * the input (byte offset, line, column, CSV line or JSON element).
 */
public class UnreadableInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the input and where */
    public UnreadableInputException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong with the input and where
     * @param cause   the parser error this message explains
     */
    public UnreadableInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
