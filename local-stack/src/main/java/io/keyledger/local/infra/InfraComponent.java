package io.keyledger.local.infra;

/** One server of the local infrastructure. */
interface InfraComponent {

    /** Short name for progress lines, e.g. {@code kafka}. */
    String name();

    int port();

    /** Starts and returns once clients can use it. */
    void start() throws Exception;

    /** Stops; safe to call when not started or already stopped. */
    void stop() throws Exception;
}
