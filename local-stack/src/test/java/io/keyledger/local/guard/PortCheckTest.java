package io.keyledger.local.guard;

import io.keyledger.local.config.PortUse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PortCheckTest {

    @Test
    void aListeningSocketOnLoopbackMakesThePortTaken() throws IOException {
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = listener.getLocalPort();

            assertThat(PortCheck.isFree(port)).isFalse();
        }
    }

    @Test
    void aListeningSocketOnAllInterfacesMakesThePortTaken() throws IOException {
        try (ServerSocket listener = new ServerSocket(0)) {
            assertThat(PortCheck.isFree(listener.getLocalPort())).isFalse();
        }
    }

    @Test
    void aClosedPortIsFreeAgain() throws IOException {
        int port;
        try (ServerSocket listener = new ServerSocket(0)) {
            port = listener.getLocalPort();
        }

        assertThat(PortCheck.isFree(port)).isTrue();
    }

    @Test
    void reportsOnlyTheTakenOnesInOrderWithOneClearLineEach() throws IOException {
        try (ServerSocket kafka = new ServerSocket(0); ServerSocket mongo = new ServerSocket(0)) {
            int free;
            try (ServerSocket probe = new ServerSocket(0)) {
                free = probe.getLocalPort();
            }
            PortUse kafkaUse = new PortUse(kafka.getLocalPort(), "kafka broker", "KEYLEDGER_KAFKA_PORT");
            PortUse freeUse = new PortUse(free, "event store (H2 TCP server)", "KEYLEDGER_H2_PORT");
            PortUse mongoUse = new PortUse(mongo.getLocalPort(), "mongodb-wire server", "KEYLEDGER_MONGO_PORT");

            List<PortUse> taken = PortCheck.taken(List.of(kafkaUse, freeUse, mongoUse));

            assertThat(taken).containsExactly(kafkaUse, mongoUse);
            assertThat(PortCheck.describe(kafkaUse))
                    .isEqualTo("port " + kafka.getLocalPort() + " is already in use; the kafka broker needs it"
                            + " (free it or set KEYLEDGER_KAFKA_PORT to another port)")
                    .doesNotContain("\n");
        }
    }
}
