package io.keyledger.command.keys;

import io.keyledger.support.auth.ForbiddenException;

/** The calling key may not act on this key: it holds more than the caller could grant (403). */
public class KeyAuthorityException extends ForbiddenException {

    public KeyAuthorityException(String message) {
        super(message);
    }
}
