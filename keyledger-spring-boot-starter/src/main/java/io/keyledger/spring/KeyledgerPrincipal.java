package io.keyledger.spring;

import java.util.List;

/**
 * The verified key of the current request; a handler parameter of this type receives it (on a
 * path the starter protects; elsewhere the parameter is {@code null}).
 */
public record KeyledgerPrincipal(String keyId, String organizationId, List<String> permissions) {

    public static final String ATTRIBUTE = KeyledgerPrincipal.class.getName();
}
