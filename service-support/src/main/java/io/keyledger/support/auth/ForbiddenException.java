package io.keyledger.support.auth;

/** The caller is known but lacks a permission: 403. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
