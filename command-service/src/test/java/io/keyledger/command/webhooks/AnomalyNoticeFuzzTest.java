package io.keyledger.command.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Whatever bytes the anomaly topic holds, the parser answers a bounded notice or none; it never throws. */
class AnomalyNoticeFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void anyRecordIsANoticeOrNone(byte[] record) {
        AnomalyNotice notice = AnomalyNotice.parse(record);
        if (notice != null) {
            assertThat(notice.organizationId()).matches("[A-Za-z0-9_-]{1,128}");
            assertThat(notice.type()).matches("[a-z][a-z_]{0,63}");
            assertThat(notice.id()).hasSizeBetween(1, 512);
            assertThat(notice.detectedAt().getEpochSecond()).isBetween(0L, 253402300799L);
            assertThat(notice.data().get("id").asText()).isEqualTo(notice.id());
        }
    }
}
