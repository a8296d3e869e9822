package io.keyledger.local.config;

/** A setting that cannot be used; the message is shown to the user as is. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
