package io.keyledger.api.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ApiKeyFormatTest {

    private final Random random = new Random(42);

    @Test
    void generatedKeysCarryEnvironmentAndValidChecksum() {
        String live = ApiKeyFormat.generate(Environment.LIVE, random);
        String test = ApiKeyFormat.generate(Environment.TEST, 64, random);

        assertThat(live).startsWith("kl_live_").hasSize(8 + 40 + 6).matches("kl_live_[0-9A-Za-z]+");
        assertThat(test).startsWith("kl_test_").hasSize(8 + 64 + 6);
        assertThat(ApiKeyFormat.classify(live)).isEqualTo(ApiKeyFormat.Kind.KEYLEDGER);
        assertThat(ApiKeyFormat.environmentOf(test)).isEqualTo(Environment.TEST);
    }

    @Test
    void theChecksumIsTheStandardCrc32OfEverythingBeforeIt() {
        // keys already issued must stay valid whatever the checksum's implementation
        for (int length = ApiKeyFormat.MIN_RANDOM_LENGTH; length <= ApiKeyFormat.MAX_RANDOM_LENGTH; length++) {
            String key = ApiKeyFormat.generate(Environment.LIVE, length, random);
            String body = key.substring(0, key.length() - ApiKeyFormat.CHECKSUM_LENGTH);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(body.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            long checksum = 0;
            for (char c : key.substring(body.length()).toCharArray()) {
                checksum = checksum * 62 + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".indexOf(c);
            }
            assertThat(checksum).as(key).isEqualTo(crc.getValue() % (62L * 62 * 62 * 62 * 62 * 62));
        }
    }

    @Test
    void everySingleCharacterTypoIsCaughtByTheChecksum() {
        String key = ApiKeyFormat.generate(Environment.LIVE, random);
        for (int i = 8; i < key.length(); i++) {
            char replacement = key.charAt(i) == 'x' ? 'y' : 'x';
            String typo = key.substring(0, i) + replacement + key.substring(i + 1);
            assertThat(ApiKeyFormat.isWellFormed(typo)).as("typo at %d", i).isFalse();
        }
    }

    @Test
    void garbageAndWrongEnvironmentsAreMalformed() {
        assertThat(ApiKeyFormat.classify(null)).isEqualTo(ApiKeyFormat.Kind.MALFORMED);
        assertThat(ApiKeyFormat.classify("")).isEqualTo(ApiKeyFormat.Kind.MALFORMED);
        assertThat(ApiKeyFormat.classify("kl_live_short")).isEqualTo(ApiKeyFormat.Kind.MALFORMED);
        String key = ApiKeyFormat.generate(Environment.LIVE, random);
        assertThat(ApiKeyFormat.classify("kl_prod_" + key.substring(8))).isEqualTo(ApiKeyFormat.Kind.MALFORMED);
        assertThat(ApiKeyFormat.classify(key + " ")).isEqualTo(ApiKeyFormat.Kind.MALFORMED);
        assertThat(ApiKeyFormat.classify("sk_legacy_9f8e7d6c5b4a39281716")).isEqualTo(ApiKeyFormat.Kind.IMPORTED);
    }

    @Test
    void lengthOutsideBoundsIsRefused() {
        assertThatThrownBy(() -> ApiKeyFormat.generate(Environment.LIVE, 31, random))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiKeyFormat.generate(Environment.LIVE, 129, random))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void importsNeedLengthAndEntropy() {
        assertThat(ApiKeyFormat.isAcceptableImport("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")).isFalse();
        assertThat(ApiKeyFormat.isAcceptableImport("sk_9f8e7d6c5b4a3928171605aZqPlM")).isTrue();
        assertThat(ApiKeyFormat.isAcceptableImport("short")).isFalse();
    }

    @Test
    void hashIsLowercaseHexSha256AndPrefixIsTwelveCharacters() {
        assertThat(ApiKeyFormat.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        String key = ApiKeyFormat.generate(Environment.LIVE, random);
        assertThat(ApiKeyFormat.displayPrefix(key)).isEqualTo(key.substring(0, 12));
        assertThat(ApiKeyFormat.isSha256Hex(ApiKeyFormat.sha256Hex(key))).isTrue();
    }

    @Test
    void aWellFormedKlValueWithoutEntropyIsNoImport() {
        Random zeros = new Random() {
            @Override
            protected int next(int bits) {
                return 0;
            }
        };
        String key = ApiKeyFormat.generate(Environment.LIVE, zeros);
        assertThat(ApiKeyFormat.isWellFormed(key)).as("zeros plus their public checksum: %s", key).isTrue();
        assertThat(ApiKeyFormat.isAcceptableImport(key)).isFalse();
        assertThat(ApiKeyFormat.isAcceptableImport(ApiKeyFormat.generate(Environment.LIVE, new Random(7)))).isTrue();
    }
}
