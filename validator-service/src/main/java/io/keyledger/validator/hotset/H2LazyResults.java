package io.keyledger.validator.hotset;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;

/**
 * Makes H2 stream query results instead of materialising them ({@code LAZY_QUERY_EXECUTION}) on
 * the validator's event-store connections. A materialised H2 result copies every LOB it holds
 * into temporary LOB storage — for the event store, every payload the replay reads is written
 * once more, by this read-only service, with the store's background writer and serialisation
 * threads busy on it: a third of the replay's CPU (cold start profile, README). A lazy result
 * reads the payloads in place. Only for H2 URLs; other databases are left alone. First among the
 * post-processors: the setting must be made before anything opens the pool (the hot set's
 * initial load does, from its own post-processor).
 */
final class H2LazyResults implements BeanPostProcessor, PriorityOrdered {

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null && pool.getJdbcUrl().startsWith("jdbc:h2:")
                && pool.getConnectionInitSql() == null) {
            pool.setConnectionInitSql("SET LAZY_QUERY_EXECUTION TRUE");
        }
        return bean;
    }
}
