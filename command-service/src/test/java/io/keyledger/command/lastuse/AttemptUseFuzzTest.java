package io.keyledger.command.lastuse;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Whatever bytes the auth-attempts topic holds, the parser answers a bounded use or none; it never throws. */
class AttemptUseFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void anyRecordIsAUseOrNone(byte[] record) {
        AttemptUse use = AttemptUse.parse(record);
        if (use != null) {
            assertThat(use.keyId()).matches("key_[A-Za-z0-9_]{1,64}");
            assertThat(use.at().getEpochSecond()).isBetween(0L, 253402300799L);
        }
    }
}
