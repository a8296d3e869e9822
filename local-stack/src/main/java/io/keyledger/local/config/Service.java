package io.keyledger.local.config;

import java.util.Arrays;
import java.util.Locale;

/** The three services the local stack runs as child processes, in start order. */
public enum Service {

    // command-service goes first: it bootstraps the default organization and creates the
    // event store schema, which the others would otherwise race to create.
    COMMAND("command-service", "command", "KEYLEDGER_COMMAND_PORT", 8081,
            "-Xss512k -XX:TieredStopAtLevel=1 -Xmx512m", null, 0),
    QUERY("query-service", "query", "KEYLEDGER_QUERY_PORT", 8082,
            "-Xss512k -XX:TieredStopAtLevel=1 -Xmx512m", null, 0),
    // no C1-only flag here: the validator is the hot path and needs C2. Its port serves verification
    // only; actuator (readiness) and OpenAPI are on its management port (DESIGN §8).
    VALIDATOR("validator-service", "validator", "KEYLEDGER_VALIDATOR_PORT", 8083,
            "-Xss512k -Xmx2g", "KEYLEDGER_VALIDATOR_MANAGEMENT_PORT", 9083);

    private final String artifact;
    private final String shortName;
    private final String portVariable;
    private final int defaultPort;
    private final String defaultJavaOpts;
    private final String managementPortVariable;
    private final int defaultManagementPort;

    Service(String artifact, String shortName, String portVariable, int defaultPort, String defaultJavaOpts,
            String managementPortVariable, int defaultManagementPort) {
        this.managementPortVariable = managementPortVariable;
        this.defaultManagementPort = defaultManagementPort;
        this.artifact = artifact;
        this.shortName = shortName;
        this.portVariable = portVariable;
        this.defaultPort = defaultPort;
        this.defaultJavaOpts = defaultJavaOpts;
    }

    /** Maven module, jar and log name, e.g. {@code command-service}. */
    public String artifact() {
        return artifact;
    }

    public String shortName() {
        return shortName;
    }

    public String portVariable() {
        return portVariable;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The variable of the port with actuator and OpenAPI when it is not the service port ({@code null}: the same). */
    public String managementPortVariable() {
        return managementPortVariable;
    }

    public int defaultManagementPort() {
        return defaultManagementPort;
    }

    public String defaultJavaOpts() {
        return defaultJavaOpts;
    }

    /** Per-service JVM options variable, e.g. {@code KEYLEDGER_VALIDATOR_JAVA_OPTS}. */
    public String javaOptsVariable() {
        return "KEYLEDGER_" + shortName.toUpperCase(Locale.ROOT) + "_JAVA_OPTS";
    }

    /** Accepts {@code command} or {@code command-service}, any case. */
    public static Service byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(s -> s.shortName.equals(n) || s.artifact.equals(n))
                .findFirst()
                .orElseThrow(() -> new ConfigException("unknown service '" + name.trim()
                        + "' (known: command, query, validator, or none)"));
    }
}
