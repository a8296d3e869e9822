package io.keyledger.command.requests;

/** The request was claimed already: its key was shown once and is gone for good (410). */
public class KeyRequestGoneException extends RuntimeException {

    public KeyRequestGoneException(String message) {
        super(message);
    }
}
