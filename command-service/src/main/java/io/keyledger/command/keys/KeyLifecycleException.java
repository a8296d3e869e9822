package io.keyledger.command.keys;

/** A rule of a key's life forbids the change (it is revoked or expired, …): 409. */
public class KeyLifecycleException extends RuntimeException {

    public KeyLifecycleException(String message) {
        super(message);
    }
}
