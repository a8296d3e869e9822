package io.keyledger.support.eventstore;

import java.util.Locale;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Selects the JDBC event store's database: {@code keyledger.event-store}
 * ({@code KEYLEDGER_EVENT_STORE}), {@code h2} (default) or {@code postgres}.
 *
 * <p>{@code postgres} sets Hibernate's dialect to {@link ByteaPostgreSQLDialect} (payloads as
 * {@code bytea}, not large objects) and requires a {@code jdbc:postgresql:} URL in
 * {@code KEYLEDGER_EVENTSTORE_URL}; a {@code jdbc:postgresql:} URL alone selects it too. An
 * explicit {@code spring.jpa.properties.hibernate.dialect} is left as it is. Any other value, or
 * {@code postgres} with an H2 URL, stops the start with a message that names the property:
 * a service must not silently run on another store than the one asked for.
 */
public class EventStoreSelection implements EnvironmentPostProcessor {

    public static final String PROPERTY = "keyledger.event-store";
    static final String DIALECT = "spring.jpa.properties.hibernate.dialect";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty("spring.datasource.url", "");
        String store = store(environment.getProperty(PROPERTY), url);
        if (store.equals("postgres") && environment.getProperty(DIALECT) == null) {
            environment.getPropertySources().addFirst(new MapPropertySource("keyledgerEventStore",
                    Map.of(DIALECT, ByteaPostgreSQLDialect.class.getName())));
        }
    }

    /** The store asked for, checked against the URL; throws naming the property when they disagree. */
    static String store(String asked, String url) {
        boolean postgresUrl = url != null && url.startsWith("jdbc:postgresql:");
        if (asked == null || asked.isBlank()) {
            return postgresUrl ? "postgres" : "h2";
        }
        String store = asked.trim().toLowerCase(Locale.ROOT);
        switch (store) {
            case "postgres", "postgresql" -> {
                if (!postgresUrl) {
                    throw new IllegalStateException(PROPERTY + "=postgres needs a jdbc:postgresql: URL in"
                            + " spring.datasource.url (KEYLEDGER_EVENTSTORE_URL)");
                }
                return "postgres";
            }
            case "h2" -> {
                if (postgresUrl) {
                    throw new IllegalStateException(PROPERTY + "=h2 but spring.datasource.url"
                            + " (KEYLEDGER_EVENTSTORE_URL) is a PostgreSQL URL");
                }
                return "h2";
            }
            default -> throw new IllegalStateException(PROPERTY + " must be h2 or postgres");
        }
    }
}
