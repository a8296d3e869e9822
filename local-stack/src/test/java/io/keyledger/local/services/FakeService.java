package io.keyledger.local.services;

import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stands in for a service jar in launcher tests: reads the environment the launcher gives
 * it, writes it to {@code $KEYLEDGER_DATA_DIR/fake-<SERVER_PORT>.env}, and then behaves as
 * {@code -Dfake.mode} says: {@code ok} (readiness 200 after {@code -Dfake.delay} ms),
 * {@code crash} (40 lines of output, exit 3) or {@code stubborn} (ignores SIGTERM).
 */
public final class FakeService {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv("SERVER_PORT"));
        Path dataDir = Path.of(System.getenv("KEYLEDGER_DATA_DIR"));
        Map<String, String> env = new TreeMap<>(System.getenv());
        StringBuilder dump = new StringBuilder("PID=" + ProcessHandle.current().pid() + "\n");
        env.forEach((k, v) -> dump.append(k).append('=').append(v).append('\n'));
        Files.writeString(dataDir.resolve("fake-" + port + ".env"), dump);

        String mode = System.getProperty("fake.mode", "ok");
        if (mode.equals("crash")) {
            for (int i = 0; i < 40; i++) {
                System.out.println("line " + i);
            }
            System.exit(3);
        }
        if (mode.equals("stubborn")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException ignored) {
                    // killed
                }
            }));
        } else {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Files.writeString(dataDir.resolve("fake-" + port + ".stopped"), "SIGTERM\n");
                } catch (Exception ignored) {
                    // nothing to report to
                }
            }));
        }
        long readyAt = System.currentTimeMillis() + Long.getLong("fake.delay", 300);
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/actuator/health/readiness", exchange -> {
            int status = System.currentTimeMillis() >= readyAt ? 200 : 503;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        String management = System.getenv("KEYLEDGER_VALIDATOR_MANAGEMENT_PORT");
        // every service inherits the launcher's environment: only the validator's fake (java -jar
        // validator-service.jar) serves the validator's management port
        if (management != null && System.getProperty("java.class.path", "").contains("validator-service")) {
            // the validator's readiness is on its management port
            HttpServer actuator = HttpServer.create(new InetSocketAddress(Integer.parseInt(management)), 0);
            actuator.createContext("/actuator/health/readiness", exchange -> {
                exchange.sendResponseHeaders(System.currentTimeMillis() >= readyAt ? 200 : 503, -1);
                exchange.close();
            });
            actuator.start();
        }
        System.out.println("fake service up on " + port);
    }
}
