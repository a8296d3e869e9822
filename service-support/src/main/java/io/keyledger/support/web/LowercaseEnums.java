package io.keyledger.support.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.keyledger.api.attempts.VerificationCode;
import java.io.IOException;
import java.util.Locale;

/**
 * API.md writes the contract's enums in lowercase ({@code "environment": "live"},
 * {@code "status": "active"}); verification codes stay uppercase ({@code "REVOKED"}).
 * Reading accepts either case (MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS).
 */
final class LowercaseEnums extends SimpleModule {

    @SuppressWarnings({"rawtypes", "unchecked"})
    LowercaseEnums() {
        super("keyledger-lowercase-enums");
        addSerializer(Enum.class, (StdSerializer) new StdSerializer<Enum>(Enum.class) {
            @Override
            public void serialize(Enum value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value instanceof VerificationCode || !value.getClass().getName().startsWith("io.keyledger.")
                        ? value.name() : value.name().toLowerCase(Locale.ROOT));
            }
        });
    }
}
