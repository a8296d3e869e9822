package io.keyledger.command.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.Environment;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyGeneratorTest {

    /** Fills each requested block with 0, 1, 2, … (mod 256) and counts the requests. */
    private static final class CountingSource extends SecureRandom {
        int blocks;

        @Override
        public void nextBytes(byte[] bytes) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) i;
            }
            blocks++;
        }
    }

    @Test
    void drawsUseEachByteOfABlockOnceInOrderThenAFreshBlock() {
        CountingSource source = new CountingSource();
        KeyGenerator.DrbgBytes random = new KeyGenerator.DrbgBytes(source);

        assertThat(random.nextInt()).isEqualTo(0x00010203);
        assertThat(random.nextInt()).isEqualTo(0x04050607);
        for (int draw = 2; draw < 128; draw++) {
            random.nextInt();
        }
        assertThat(source.blocks).isEqualTo(1);
        assertThat(random.nextInt()).isEqualTo(0x00010203);
        assertThat(source.blocks).isEqualTo(2);
    }

    @Test
    void generatedKeysAreWellFormedAndDistinct() {
        KeyGenerator generator = new KeyGenerator(40);
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String key = generator.generate(Environment.TEST);
            assertThat(ApiKeyFormat.isWellFormed(key)).as(key).isTrue();
            assertThat(ApiKeyFormat.environmentOf(key)).isEqualTo(Environment.TEST);
            keys.add(key);
        }
        assertThat(keys).hasSize(1000);
    }
}
