package io.keyledger.command.keys;

/**
 * No such key for this caller: it does not exist or belongs to another organization. Both
 * answer 404, so that a caller cannot probe other organizations' key ids.
 */
public class KeyNotFoundException extends RuntimeException {

    public KeyNotFoundException(String keyId) {
        super("no API key '" + keyId + "'");
    }
}
