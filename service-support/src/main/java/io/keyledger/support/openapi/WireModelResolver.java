package io.keyledger.support.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * Schemas as the API's own JSON mapper writes them: its naming strategy (snake_case) for property
 * names, and each enum constant exactly as that mapper serializes it (lower case for keyledger's
 * enums, {@code VerificationCode}s upper case). Works on a copy of the mapper: swagger-core adds its
 * annotation introspector to the mapper it is given, which must not change what the API writes.
 */
public class WireModelResolver extends ModelResolver {

    private final ObjectMapper wire;

    public WireModelResolver(ObjectMapper mapper) {
        super(mapper.copy());
        this.wire = mapper;
    }

    @Override
    @SuppressWarnings("rawtypes")
    protected void _addEnumProps(Class<?> propClass, Schema property) {
        super._addEnumProps(propClass, property);
        asOnTheWire(propClass, property);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    protected Schema _createSchemaForEnum(Class<Enum<?>> enumClass) {
        Schema schema = super._createSchemaForEnum(enumClass);
        if (schema != null) {
            asOnTheWire(enumClass, schema);
        }
        return schema;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private void asOnTheWire(Class<?> propClass, Schema property) {
        Object[] constants = propClass.getEnumConstants();
        if (constants == null) {
            return;
        }
        List<String> values = new ArrayList<>(constants.length);
        for (Object constant : constants) {
            values.add(wire.convertValue(constant, String.class));
        }
        property.setEnum(null);
        values.forEach(property::addEnumItemObject);
    }
}
