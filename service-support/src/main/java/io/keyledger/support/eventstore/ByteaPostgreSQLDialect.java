package io.keyledger.support.eventstore;

import java.sql.Types;
import org.hibernate.boot.model.TypeContributions;
import org.hibernate.dialect.DatabaseVersion;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.service.ServiceRegistry;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.jdbc.BinaryJdbcType;

/**
 * PostgreSQL with {@code bytea} for every {@code @Lob byte[]} column.
 *
 * <p>Axon's JPA entities (domain events, snapshots, tokens, sagas, dead letters) declare their
 * payloads as {@code @Lob byte[]}. Hibernate 6's stock {@link PostgreSQLDialect} maps that to
 * {@code oid}: each payload becomes a large object in {@code pg_largeobject}, read back through
 * a second round trip and never deleted with its row (INFRA-NOTES measured reloads 22× slower,
 * and orphaned objects). This dialect declares those columns {@code bytea} and binds them as
 * plain binary values, which is what Axon's own PostgreSQL guidance asks for.
 *
 * <p>Selected by {@link EventStoreSelection} ({@code KEYLEDGER_EVENT_STORE=postgres}).
 */
public class ByteaPostgreSQLDialect extends PostgreSQLDialect {

    /** Used when Hibernate is told the dialect by name: it asks the database for its version first. */
    public ByteaPostgreSQLDialect(DialectResolutionInfo info) {
        super(info);
    }

    public ByteaPostgreSQLDialect() {
        super(DatabaseVersion.make(15));
    }

    @Override
    protected String columnType(int sqlTypeCode) {
        return sqlTypeCode == SqlTypes.BLOB ? "bytea" : super.columnType(sqlTypeCode);
    }

    @Override
    protected String castType(int sqlTypeCode) {
        return sqlTypeCode == SqlTypes.BLOB ? "bytea" : super.castType(sqlTypeCode);
    }

    @Override
    public void contributeTypes(TypeContributions typeContributions, ServiceRegistry serviceRegistry) {
        super.contributeTypes(typeContributions, serviceRegistry);
        typeContributions.getTypeConfiguration().getJdbcTypeRegistry()
                .addDescriptor(Types.BLOB, BinaryJdbcType.INSTANCE);
    }
}
