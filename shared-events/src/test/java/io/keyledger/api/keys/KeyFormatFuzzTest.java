package io.keyledger.api.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Random;

/**
 * Jazzer targets for what the network hands the key format and the permission syntax: any
 * presented credential, import value and permission string. In a plain test run they replay the
 * seeds under {@code src/test/resources/.../KeyFormatFuzzTestInputs}; with {@code JAZZER_FUZZ=1}
 * (see {@code .ci/run}) each fuzzes for its {@code maxDuration}.
 */
class KeyFormatFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void classificationIsTotalAndConsistent(FuzzedDataProvider data) {
        String key = data.consumeRemainingAsString();
        ApiKeyFormat.Kind kind = ApiKeyFormat.classify(key);
        boolean wellFormed = ApiKeyFormat.isWellFormed(key);
        boolean importable = ApiKeyFormat.isAcceptableImport(key);
        if (kind == ApiKeyFormat.Kind.KEYLEDGER) {
            assertThat(wellFormed).isTrue();
            assertThat(key).startsWith("kl_");
        }
        if (wellFormed) {
            assertThat(kind).isEqualTo(ApiKeyFormat.Kind.KEYLEDGER);
            assertThat(ApiKeyFormat.environmentOf(key)).isNotNull();
        }
        if (kind == ApiKeyFormat.Kind.MALFORMED) {
            assertThat(importable).isFalse();
        }
        if (kind != ApiKeyFormat.Kind.MALFORMED) {
            assertThat(key).startsWith(ApiKeyFormat.displayPrefix(key));
            assertThat(ApiKeyFormat.displayPrefix(key).length()).isLessThanOrEqualTo(ApiKeyFormat.DISPLAY_PREFIX_LENGTH);
            assertThat(ApiKeyFormat.sha256Hex(key)).hasSize(64);
        }
    }

    /** The checksum catches every single-character change of a generated key. */
    @FuzzTest(maxDuration = "30s")
    void oneChangedCharacterBreaksTheChecksum(FuzzedDataProvider data) {
        long seed = data.consumeLong();
        boolean test = data.consumeBoolean();
        int position = data.consumeInt();
        char replacement = data.consumeChar();
        String key = ApiKeyFormat.generate(test ? Environment.TEST : Environment.LIVE, new Random(seed));
        assertThat(ApiKeyFormat.isWellFormed(key)).isTrue();
        assertThat(ApiKeyFormat.environmentOf(key)).isEqualTo(test ? Environment.TEST : Environment.LIVE);
        int at = Math.floorMod(position, key.length());
        if (key.charAt(at) == replacement) {
            return;
        }
        String changed = key.substring(0, at) + replacement + key.substring(at + 1);
        assertThat(ApiKeyFormat.isWellFormed(changed)).as("changed at %d to %s: %s", at, replacement, changed).isFalse();
    }

    @FuzzTest(maxDuration = "30s")
    void permissionMatchingIsTotal(FuzzedDataProvider data) {
        String granted = data.consumeString(120);
        String asked = data.consumeRemainingAsString();
        boolean grants = Permissions.grants(granted, asked);
        if (Permissions.isValid(asked)) {
            assertThat(Permissions.grants(asked, asked)).isTrue();
            assertThat(Permissions.grants(Permissions.ADMIN, asked)).isTrue();
            assertThat(asked.length()).isLessThanOrEqualTo(Permissions.MAX_LENGTH);
        }
        if (grants && !granted.equals(Permissions.ADMIN) && !granted.equals(asked)) {
            // a pattern grants only what has the same shape, resource and action matching part by part
            assertThat(granted).contains(":");
            assertThat(asked).contains(":");
        }
    }
}
