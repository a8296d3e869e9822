package io.keyledger.cli.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyledger.cli.Api;
import org.junit.jupiter.api.Test;

class ImportRowTest {

    static ObjectNode json(String text) throws Exception {
        return (ObjectNode) Api.JSON.readTree(text);
    }

    @Test
    void theIdempotencyKeyIsTheSameForTheSameFileLineAndContentWhateverTheMemberOrder() throws Exception {
        String a = ImportRow.ok(7, json("{\"name\":\"a\",\"rate_limit\":{\"per_second\":1,\"burst\":2}}")).idempotencyKey("k.csv");
        String b = ImportRow.ok(7, json("{\"rate_limit\":{\"burst\":2,\"per_second\":1},\"name\":\"a\"}")).idempotencyKey("k.csv");
        assertThat(a).isEqualTo(b).matches("kl-import-[0-9a-f]{48}");
    }

    @Test
    void anotherFileLineOrContentIsAnotherKey() throws Exception {
        ObjectNode body = json("{\"name\":\"a\"}");
        String key = ImportRow.ok(7, body).idempotencyKey("k.csv");
        assertThat(ImportRow.ok(8, body).idempotencyKey("k.csv")).isNotEqualTo(key);
        assertThat(ImportRow.ok(7, body).idempotencyKey("other.csv")).isNotEqualTo(key);
        assertThat(ImportRow.ok(7, json("{\"name\":\"b\"}")).idempotencyKey("k.csv")).isNotEqualTo(key);
    }

    @Test
    void anImportedValueEntersTheKeyOnlyAsItsHash() throws Exception {
        ObjectNode body = json("{\"name\":\"a\",\"imported_key\":\"sk_live_secret_value_123456\"}");
        String expected = "kl-import-" + ImportRow.sha256("f\n1\n{\"imported_key\":\"sha256:"
                + ImportRow.sha256("sk_live_secret_value_123456") + "\",\"name\":\"a\"}").substring(0, 48);
        assertThat(ImportRow.ok(1, body).idempotencyKey("f")).isEqualTo(expected);
        assertThat(ImportRow.ok(1, json("{\"name\":\"a\",\"imported_key\":\"sk_live_secret_value_123457\"}"))
                .idempotencyKey("f")).isNotEqualTo(expected);
        // the row itself is left as it was: the value is what the API must receive
        assertThat(body.get("imported_key").asText()).isEqualTo("sk_live_secret_value_123456");
    }
}
