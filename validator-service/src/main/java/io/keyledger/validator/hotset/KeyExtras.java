package io.keyledger.validator.hotset;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What only some keys have (issue 18, "Keys in depth"), behind one reference of {@link KeyEntry}
 * that is {@code null} for a plain key: a plain key pays four bytes and one null check, nothing
 * else. Immutable; a change publishes a new one.
 *
 * @param metaJson   the key's {@code meta} as compact JSON text, written into verify answers as it is
 * @param metaHeader the same, Base64url without padding: the forward-auth header {@code X-Keyledger-Meta}
 *                   (a header value cannot carry every JSON character), computed once per change
 */
public record KeyExtras(String metaJson, String metaHeader) {

    static final KeyExtras NONE = new KeyExtras(null, null);

    KeyExtras withMeta(String json) {
        return new KeyExtras(json, json == null ? null
                : Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
    }

    boolean isEmpty() {
        return metaJson == null;
    }
}
