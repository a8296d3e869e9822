package io.keyledger.local.config;

/**
 * A port the stack needs, what needs it and the variable that moves it.
 *
 * @param port     TCP port on localhost
 * @param owner    what listens there, e.g. {@code kafka broker}
 * @param variable environment variable that sets it
 */
public record PortUse(int port, String owner, String variable) {
}
