package io.keyledger.command.lastuse;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The {@code key_last_use} table: the newest attempt seen per key. */
@Component
public class LastUse implements InitializingBean {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    LastUse(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public void afterPropertiesSet() {
        tx.executeWithoutResult(status -> jdbc.execute("create table if not exists key_last_use ("
                + " key_id varchar(80) not null primary key,"
                + " last_used timestamp(6) with time zone not null)"));
    }

    /** The newest use recorded for the key, {@code null} when none is. */
    public Instant lastUsed(String keyId) {
        List<Timestamp> found = tx.execute(status -> jdbc.queryForList(
                "select last_used from key_last_use where key_id = ?", Timestamp.class, keyId));
        return found == null || found.isEmpty() ? null : found.get(0).toInstant();
    }

    /** Moves each key's row forward to its use, never back; one transaction for the batch. */
    public void record(Map<String, Instant> uses) {
        if (uses.isEmpty()) {
            return;
        }
        tx.executeWithoutResult(status -> uses.forEach(this::recordOne));
    }

    private void recordOne(String keyId, Instant at) {
        Timestamp time = Timestamp.from(at);
        if (jdbc.update("update key_last_use set last_used = ? where key_id = ? and last_used < ?", time, keyId, time) > 0) {
            return;
        }
        try {
            jdbc.update("insert into key_last_use (key_id, last_used) select ?, ? where not exists "
                    + "(select 1 from key_last_use where key_id = ?)", keyId, time, keyId);
        } catch (DuplicateKeyException raced) {
            // another instance inserted it a moment ago: move it forward like any other row
            jdbc.update("update key_last_use set last_used = ? where key_id = ? and last_used < ?", time, keyId, time);
        }
    }
}
