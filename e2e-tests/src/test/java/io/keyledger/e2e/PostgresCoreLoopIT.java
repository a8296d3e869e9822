package io.keyledger.e2e;

import java.nio.file.Path;
import org.junit.jupiter.api.Order;

/**
 * {@link CoreLoopIT} with the event store on PostgreSQL ({@code KEYLEDGER_EVENT_STORE=postgres}:
 * the launcher starts PostgreSQL from the machine's binaries, the services use it with
 * {@code bytea} payloads), including the clean stop and restart on the same data.
 */
@Order(1)
class PostgresCoreLoopIT extends CoreLoopIT {

    @Override
    LocalStack stack(Path data) {
        return new LocalStack(data).withEnv("KEYLEDGER_EVENT_STORE", "postgres");
    }
}
