package io.keyledger.command.keys;

/**
 * No such key for this caller: it does not exist or belongs to another organization. Both
 * answer 404, so that a caller cannot probe other organizations' key ids.
 */
public class KeyNotFoundException extends RuntimeException {

    public KeyNotFoundException(String keyId) {
        super("no API key '" + keyId + "'");
    }

    private KeyNotFoundException(String message, boolean described) {
        super(message);
    }

    /** The same 404 rebuilt from a message that was already written (after a remote handler). */
    public static final class Described extends KeyNotFoundException {
        public Described(String message) {
            super(message, true);
        }
    }
}
