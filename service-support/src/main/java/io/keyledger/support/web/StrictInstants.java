package io.keyledger.support.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import org.springframework.core.convert.converter.Converter;

/**
 * Instants in bodies and query parameters per {@link Instants}: only a JSON string (a number is
 * not a time), only RFC 3339, only the allowed range.
 */
final class StrictInstants {

    private StrictInstants() {
    }

    static SimpleModule module() {
        return new SimpleModule("keyledger-strict-instants").addDeserializer(Instant.class, new Deserializer());
    }

    static final class Deserializer extends StdScalarDeserializer<Instant> {
        Deserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            // an InvalidInstantException becomes a JsonMappingException with the field's path
            return Instants.parse(p.getText());
        }
    }

    /** Spring MVC's String → Instant for {@code @RequestParam Instant}; the failure names the parameter. */
    static final class QueryParameter implements Converter<String, Instant> {
        @Override
        public Instant convert(String source) {
            return source.isEmpty() ? null : Instants.parse(source);
        }
    }
}
