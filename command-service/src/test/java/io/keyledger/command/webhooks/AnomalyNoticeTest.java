package io.keyledger.command.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AnomalyNoticeTest {

    private static AnomalyNotice parse(String json) {
        return AnomalyNotice.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRecordOfTheAnomalyRulesIsANoticeWithTheWholeAnomalyAsData() {
        AnomalyNotice notice = parse("{\"id\":\"brute_force|203.0.113.9|1764979200000\",\"type\":\"brute_force\","
                + "\"key_id\":\"key_1\",\"organization_id\":\"org_a\",\"subject\":\"203.0.113.9\","
                + "\"detected_at\":\"2026-12-06T10:00:01Z\",\"window_start\":\"2026-12-06T10:00:00Z\","
                + "\"window_end\":\"2026-12-06T10:01:00Z\",\"evidence\":{\"failures\":25,\"threshold\":20}}");
        assertThat(notice.id()).isEqualTo("brute_force|203.0.113.9|1764979200000");
        assertThat(notice.type()).isEqualTo("brute_force");
        assertThat(notice.organizationId()).isEqualTo("org_a");
        assertThat(notice.detectedAt()).isEqualTo(Instant.parse("2026-12-06T10:00:01Z"));
        assertThat(notice.data().get("evidence").get("failures").asInt()).isEqualTo(25);
        assertThat(notice.data().get("key_id").asText()).isEqualTo("key_1");
    }

    @Test
    void recordsThatTellNoDeliverableAnomalyAreNone() {
        String valid = "\"id\":\"x|y|1\",\"type\":\"volume_spike\",\"detected_at\":\"2026-12-06T10:00:01Z\"";
        assertThat(parse("{" + valid + ",\"organization_id\":\"org_a\"}")).isNotNull();
        assertThat(parse("{" + valid + "}")).as("counted by address alone: no organization").isNull();
        assertThat(parse("{" + valid + ",\"organization_id\":null}")).isNull();
        assertThat(parse("{" + valid + ",\"organization_id\":\"org a\"}")).isNull();
        assertThat(parse("{\"id\":\"x\",\"type\":\"Bad Type\",\"organization_id\":\"o\",\"detected_at\":\"2026-12-06T10:00:01Z\"}")).isNull();
        assertThat(parse("{\"id\":\"x\",\"type\":\"t\",\"organization_id\":\"o\",\"detected_at\":\"yesterday\"}")).isNull();
        assertThat(parse("{\"id\":\"x\",\"type\":\"t\",\"organization_id\":\"o\",\"detected_at\":\"+10000-01-01T00:00:00Z\"}")).isNull();
        assertThat(parse("[1,2]")).isNull();
        assertThat(parse("not json")).isNull();
        assertThat(parse("{" + valid + ",\"organization_id\":\"o\",\"evidence\":" + "[".repeat(40) + "]".repeat(40) + "}")).isNull();
        assertThat(AnomalyNotice.parse(new byte[AnomalyNotice.MAX_RECORD_BYTES + 1])).isNull();
        assertThat(AnomalyNotice.parse(null)).isNull();
    }
}
