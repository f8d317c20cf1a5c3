package dev.seqtrain.config;

/**
 * The user's job file, overrides or input data are wrong. The message names the file, line or key
 * at fault; the command line turns it into one line on stderr and exit code 2.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
