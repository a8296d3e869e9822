/**
 * The local stack: {@code ./keyledger up} runs the whole platform on one machine with
 * nothing installed but a JDK 17.
 *
 * <h2>Shape</h2>
 * One launcher JVM holds the infrastructure ({@link io.keyledger.local.infra}): H2 in TCP
 * server mode as the shared JDBC event store, an Apache Kafka broker in KRaft mode (broker
 * and controller in one node) and mongo-java-server with its H2 (MVStore) backend. The
 * three services run as child JVMs from their Boot jars ({@link io.keyledger.local.services}),
 * exactly as they would in production, configured only through environment variables:
 * {@code SPRING_PROFILES_ACTIVE=local}, {@code SERVER_PORT}, {@code KEYLEDGER_DATA_DIR},
 * {@code KEYLEDGER_EVENTSTORE_URL}, {@code KAFKA_BOOTSTRAP_SERVERS}, {@code MONGODB_URI},
 * {@code AXONIQ_UPDATE_CHECKER_DISABLED}, and whatever else the user exported
 * ({@code KEYLEDGER_BOOTSTRAP_ADMIN_KEY}).
 *
 * <h2>Data directory</h2>
 * <pre>
 * $KEYLEDGER_DATA_DIR/
 *   .lock                  held while a stack runs (pid inside); one stack per directory
 *   eventstore/            keyledger.mv.db: the event store (and the services' JPA tables)
 *   kafka/                 Kafka's log dir, formatted on first start (meta.properties)
 *   mongo/keyledger.mv     the read model
 *   logs/                  &lt;service&gt;.log (+ .log.1 of the previous run), kafka.log, infra.log
 *   run/                   copies of the service jars and the pids of the running services
 *   bootstrap-admin.key    written by command-service on its first start
 * </pre>
 *
 * <h2>Choices</h2>
 * <ul>
 *   <li>command-service starts first and must be ready before the others start: it
 *       bootstraps the default organization and creates the event store schema, which
 *       three processes would otherwise race to create. The other two then start side by
 *       side.</li>
 *   <li>Checks come before any start, cheapest first: configuration, service jars, the
 *       lock, leftovers of a killed launcher, then every port. Each failure is one line
 *       that says what to do.</li>
 *   <li>SIGINT and SIGTERM stop everything and exit 0: services get SIGTERM and 10 s, then
 *       SIGKILL; the servers stop side by side, 4 s each at most; a watchdog halts the JVM
 *       if the whole stop passes 20 s.</li>
 *   <li>A service that exits after the banner is reported and the rest keeps running, so
 *       that a developer can stop one and run it from the IDE instead.</li>
 *   <li>Services run from copies of their jars under {@code run/}: {@code mvn package}
 *       rewrites {@code target/*.jar} in place, which broke running services
 *       (NoClassDefFoundError) before the copy.</li>
 *   <li>The launcher's console carries progress and the banner only; the servers log at
 *       WARN to files ({@code KEYLEDGER_INFRA_LOG_LEVEL} to change). The plain module jar
 *       ships no logging configuration so that tests can use
 *       {@link io.keyledger.local.infra.LocalInfrastructure} as a library.</li>
 * </ul>
 */
package io.keyledger.local;
