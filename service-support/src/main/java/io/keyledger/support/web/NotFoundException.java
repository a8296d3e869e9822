package io.keyledger.support.web;

/** The resource does not exist for this caller (another organization's resources included): 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
