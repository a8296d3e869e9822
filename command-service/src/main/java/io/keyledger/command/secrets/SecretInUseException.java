package io.keyledger.command.secrets;

import io.keyledger.command.keys.KeyLifecycleException;

/** The secret is, or was, another key's: 409. Names the field, never the secret or its hash. */
public class SecretInUseException extends KeyLifecycleException {

    public SecretInUseException(String field) {
        super(field + ": this secret belongs to another key; a secret can belong to one key only");
    }
}
