package io.keyledger.local.config;

import io.keyledger.local.infra.InfraSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything {@code up} needs to know, resolved once from the environment and the command
 * line. Every setting is an environment variable so that scripts, CI and the e2e tests can
 * move ports and directories without editing files.
 *
 * @param home              repository root: where {@code <service>/target/<service>.jar} live
 * @param infra             data directory and infrastructure ports
 * @param services          services to start, in start order (empty: infrastructure only)
 * @param servicePorts      HTTP port of every service, started or not
 * @param managementPorts   actuator/OpenAPI port of the services that have one of their own (the validator)
 * @param javaOpts          JVM options of every service
 * @param readyTimeout      how long to wait for everything to be ready
 * @param bootstrapAdminKey {@code KEYLEDGER_BOOTSTRAP_ADMIN_KEY} when set
 * @param validators        how many validator-service instances ({@code --validators}, {@code KEYLEDGER_VALIDATORS}):
 *                          instance i (1-based) listens on the validator ports + (i - 1)
 */
public record StackConfig(Path home,
                          InfraSettings infra,
                          Set<Service> services,
                          Map<Service, Integer> servicePorts,
                          Map<Service, Integer> managementPorts,
                          Map<Service, String> javaOpts,
                          Duration readyTimeout,
                          Optional<String> bootstrapAdminKey,
                          int validators) {

    public static final String VALIDATORS = "KEYLEDGER_VALIDATORS";
    public static final int MAX_VALIDATORS = 16;

    public StackConfig(Path home, InfraSettings infra, Set<Service> services, Map<Service, Integer> servicePorts,
                       Map<Service, Integer> managementPorts, Map<Service, String> javaOpts, Duration readyTimeout,
                       Optional<String> bootstrapAdminKey) {
        this(home, infra, services, servicePorts, managementPorts, javaOpts, readyTimeout, bootstrapAdminKey, 1);
    }

    /** How many instances of {@code service} run: {@link #validators} for the validator, else 1. */
    public int instancesOf(Service service) {
        return service == Service.VALIDATOR ? validators : 1;
    }

    /** The port of instance {@code instance} (1-based) of {@code service}. */
    public int portOf(Service service, int instance) {
        return portOf(service) + instance - 1;
    }

    public int managementPortOf(Service service, int instance) {
        return managementPortOf(service) + instance - 1;
    }

    /** Where the validator's service key (credits:lease) is kept: made once by the launcher, mode 0600. */
    public Path validatorServiceKeyFile() {
        return infra.dataDir().resolve("validator-service.key");
    }

    public static final String DATA_DIR = "KEYLEDGER_DATA_DIR";
    public static final String HOME = "KEYLEDGER_HOME";
    public static final String H2_PORT = "KEYLEDGER_H2_PORT";
    /** {@code h2} (default) or {@code postgres}; the event store listens on {@link #H2_PORT} either way. */
    public static final String EVENT_STORE = "KEYLEDGER_EVENT_STORE";
    public static final String KAFKA_PORT = "KEYLEDGER_KAFKA_PORT";
    public static final String KAFKA_CONTROLLER_PORT = "KEYLEDGER_KAFKA_CONTROLLER_PORT";
    public static final String MONGO_PORT = "KEYLEDGER_MONGO_PORT";
    public static final String SERVICES = "KEYLEDGER_SERVICES";
    public static final String JAVA_OPTS = "KEYLEDGER_JAVA_OPTS";
    public static final String READY_TIMEOUT = "KEYLEDGER_READY_TIMEOUT_SECONDS";
    public static final String BOOTSTRAP_ADMIN_KEY = "KEYLEDGER_BOOTSTRAP_ADMIN_KEY";

    /**
     * @param env          the process environment
     * @param cwd          directory a relative {@code KEYLEDGER_DATA_DIR} is resolved against
     * @param launcherJar  the jar this launcher runs from, if any; its location gives the
     *                     repository root when {@code KEYLEDGER_HOME} is not set
     * @param servicesFlag {@code --services} when given; wins over {@code KEYLEDGER_SERVICES}
     * @param infraOnly    {@code --infra-only}
     */
    public static StackConfig resolve(Map<String, String> env, Path cwd, Optional<Path> launcherJar,
                                      Optional<String> servicesFlag, boolean infraOnly) {
        Path dataDir = cwd.resolve(value(env, DATA_DIR).orElse("data")).toAbsolutePath().normalize();
        InfraSettings infra = new InfraSettings(dataDir,
                port(env, H2_PORT, 9095),
                port(env, KAFKA_PORT, 9092),
                port(env, KAFKA_CONTROLLER_PORT, 9094),
                port(env, MONGO_PORT, 27017),
                eventStore(env));

        Set<Service> services = infraOnly
                ? EnumSet.noneOf(Service.class)
                : parseServices(servicesFlag.or(() -> value(env, SERVICES)).orElse("all"));

        Map<Service, Integer> servicePorts = new EnumMap<>(Service.class);
        Map<Service, Integer> managementPorts = new EnumMap<>(Service.class);
        Map<Service, String> javaOpts = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            servicePorts.put(s, port(env, s.portVariable(), s.defaultPort()));
            if (s.managementPortVariable() != null) {
                managementPorts.put(s, port(env, s.managementPortVariable(), s.defaultManagementPort()));
            }
            javaOpts.put(s, value(env, s.javaOptsVariable())
                    .or(() -> value(env, JAVA_OPTS))
                    .orElse(s.defaultJavaOpts()));
        }

        long timeout = value(env, READY_TIMEOUT).map(v -> number(READY_TIMEOUT, v)).orElse(180L);
        if (timeout < 1) {
            throw new ConfigException(READY_TIMEOUT + " must be at least 1, was " + timeout);
        }

        long validators = value(env, VALIDATORS).map(v -> number(VALIDATORS, v)).orElse(1L);
        if (validators < 1 || validators > MAX_VALIDATORS) {
            throw new ConfigException(VALIDATORS + " (--validators) must be 1-" + MAX_VALIDATORS + ", was " + validators);
        }
        StackConfig config = new StackConfig(
                home(env, cwd, launcherJar),
                infra,
                Collections.unmodifiableSet(services),
                Collections.unmodifiableMap(servicePorts),
                Collections.unmodifiableMap(managementPorts),
                Collections.unmodifiableMap(javaOpts),
                Duration.ofSeconds(timeout),
                value(env, BOOTSTRAP_ADMIN_KEY),
                (int) validators);
        config.requireDistinctPorts();
        return config;
    }

    static String eventStore(Map<String, String> env) {
        String store = value(env, EVENT_STORE).orElse(InfraSettings.H2).trim().toLowerCase(java.util.Locale.ROOT);
        return switch (store) {
            case "h2" -> InfraSettings.H2;
            case "postgres", "postgresql" -> InfraSettings.POSTGRES;
            default -> throw new ConfigException(EVENT_STORE + " must be h2 or postgres, was " + store);
        };
    }

    /** {@code all}, {@code none}, or a comma-separated list such as {@code command,query}. */
    static Set<Service> parseServices(String spec) {
        String s = spec.trim();
        if (s.isEmpty() || s.equalsIgnoreCase("all")) {
            return EnumSet.allOf(Service.class);
        }
        if (s.equalsIgnoreCase("none")) {
            return EnumSet.noneOf(Service.class);
        }
        Set<Service> services = EnumSet.noneOf(Service.class);
        for (String name : s.split(",")) {
            if (!name.isBlank()) {
                services.add(Service.byName(name));
            }
        }
        return services;
    }

    /** The ports this configuration will listen on, infrastructure first. */
    public List<PortUse> ports() {
        List<PortUse> ports = new ArrayList<>();
        ports.add(new PortUse(infra.eventStorePort(), infra.postgres() ? "event store (PostgreSQL)" : "event store (H2 TCP server)",
                H2_PORT));
        ports.add(new PortUse(infra.kafkaPort(), "kafka broker", KAFKA_PORT));
        ports.add(new PortUse(infra.kafkaControllerPort(), "kafka controller", KAFKA_CONTROLLER_PORT));
        ports.add(new PortUse(infra.mongoPort(), "mongodb-wire server", MONGO_PORT));
        for (Service s : services) {
            ports.add(new PortUse(servicePorts.get(s), s.artifact(), s.portVariable()));
            if (managementPorts.containsKey(s)) {
                ports.add(new PortUse(managementPorts.get(s), s.artifact() + " (actuator, OpenAPI)",
                        s.managementPortVariable()));
            }
            for (int i = 2; i <= instancesOf(s); i++) {
                ports.add(new PortUse(portOf(s, i), s.artifact() + " #" + i, s.portVariable() + " + " + (i - 1)));
                if (managementPorts.containsKey(s)) {
                    ports.add(new PortUse(managementPortOf(s, i), s.artifact() + " #" + i + " (actuator, OpenAPI)",
                            s.managementPortVariable() + " + " + (i - 1)));
                }
            }
        }
        return ports;
    }

    public Path jarOf(Service service) {
        return home.resolve(service.artifact()).resolve("target").resolve(service.artifact() + ".jar");
    }

    public int portOf(Service service) {
        return servicePorts.get(service);
    }

    /** Where a service's actuator (readiness) and OpenAPI answer: its management port, else its port. */
    public int managementPortOf(Service service) {
        return managementPorts.getOrDefault(service, servicePorts.get(service));
    }

    public boolean infraOnly() {
        return services.isEmpty();
    }

    public Path bootstrapAdminKeyFile() {
        return infra.dataDir().resolve("bootstrap-admin.key");
    }

    private void requireDistinctPorts() {
        Map<Integer, PortUse> seen = new HashMap<>();
        for (PortUse use : ports()) {
            PortUse other = seen.putIfAbsent(use.port(), use);
            if (other != null) {
                throw new ConfigException("port " + use.port() + " is configured twice: for the "
                        + other.owner() + " (" + other.variable() + ") and the "
                        + use.owner() + " (" + use.variable() + ")");
            }
        }
    }

    private static Path home(Map<String, String> env, Path cwd, Optional<Path> launcherJar) {
        Optional<Path> explicit = value(env, HOME).map(h -> cwd.resolve(h).toAbsolutePath().normalize());
        if (explicit.isPresent()) {
            return explicit.get();
        }
        // <home>/local-stack/target/keyledger-local.jar
        return launcherJar
                .map(jar -> jar.toAbsolutePath().normalize())
                .map(Path::getParent)
                .filter(target -> target.getFileName() != null && target.getFileName().toString().equals("target"))
                .map(Path::getParent)
                .map(Path::getParent)
                .filter(home -> Files.isRegularFile(home.resolve("pom.xml")))
                .orElse(cwd.toAbsolutePath().normalize());
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        long port = value(env, name).map(v -> number(name, v)).orElse((long) fallback);
        if (port < 1 || port > 65535) {
            throw new ConfigException(name + " must be a TCP port (1-65535), was " + port);
        }
        return (int) port;
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a number, was '" + value + "'");
        }
    }
}
