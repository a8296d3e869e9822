package io.keyledger.command.deadlines;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * The table behind the durable deadlines (key expiry, the 30-day warning, the end of a
 * rotation's grace period).
 *
 * <p>Why db-scheduler: Axon's {@code DbSchedulerDeadlineManager} keeps deadlines in one table of
 * the service's own database, polls it, and hands each due deadline to exactly one instance
 * (a row lock and a version column), so deadlines survive restarts and several command-service
 * instances do not fire them twice; Quartz would need eleven tables, JobRunr a background
 * server of its own, and a hand-written sweeper would re-implement the same locking. Aggregates
 * keep Axon's deadline API, so fixture tests drive time with {@code whenTimeElapses}.
 *
 * <p>db-scheduler does not create its table; this does, idempotently, before the scheduler
 * starts (it starts once the context is ready: {@code db-scheduler.delay-startup-until-context-ready}).
 */
@Component
class DeadlineTable implements InitializingBean {

    private final DataSource dataSource;

    DeadlineTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
            statement.execute("create table if not exists scheduled_tasks ("
                    + " task_name varchar(100) not null,"
                    + " task_instance varchar(100) not null,"
                    + " task_data " + (postgres ? "bytea" : "blob") + ","
                    + " execution_time timestamp(6) with time zone not null,"
                    + " picked boolean not null,"
                    + " picked_by varchar(50),"
                    + " last_success timestamp(6) with time zone,"
                    + " last_failure timestamp(6) with time zone,"
                    + " consecutive_failures int,"
                    + " last_heartbeat timestamp(6) with time zone,"
                    + " version bigint not null,"
                    + " priority smallint,"
                    + " primary key (task_name, task_instance))");
            statement.execute("create index if not exists scheduled_tasks_execution_time_idx on scheduled_tasks (execution_time)");
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
    }
}
