package io.keyledger.e2e;

import org.junit.jupiter.api.Order;

/**
 * {@link CrashRecoveryIT} with the event store on PostgreSQL ({@code KEYLEDGER_EVENT_STORE=postgres}):
 * the same kills under load, the last one taking the PostgreSQL server (a child of the launcher)
 * down with SIGKILL, which then recovers from its WAL; the same promises checked over JDBC.
 */
@Order(2)
class PostgresCrashRecoveryIT extends CrashRecoveryIT {

    @Override
    LocalStack stack() {
        return new LocalStack(SharedStack.newDataDir("crash-postgres")).withEnv("KEYLEDGER_EVENT_STORE", "postgres");
    }
}
