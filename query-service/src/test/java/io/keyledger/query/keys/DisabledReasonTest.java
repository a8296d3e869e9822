package io.keyledger.query.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyDisabledEvent;
import io.keyledger.api.keys.ApiKeyEnabledEvent;
import io.keyledger.api.keys.ApiKeyLeakReportedEvent;
import io.keyledger.api.keys.DisabledReason;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.LeakedSecret;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.api.organizations.OrganizationPolicy.LeakAction;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The key record's disabled_reason, as the projection and the point-in-time replay both apply it. */
class DisabledReasonTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private static Document apply(Document doc, Object event, long sequence) {
        doc.putAll(KeyDocuments.changes(event, sequence, T0.plusSeconds(sequence)));
        return doc;
    }

    @Test
    void aLeakDisabledKeySaysLeakedAManuallyDisabledOneManualAnActiveOneNothing() {
        Document doc = new Document("_id", "k1");
        apply(doc, new ApiKeyCreatedEvent("k1", "org", "n", null, null, Environment.LIVE, "h", "kl_live_AbCd",
                List.of(), RateLimit.NONE, Restrictions.NONE, null, false), 0);
        assertThat(KeyDocuments.toRecord(doc).disabledReason()).isNull();
        apply(doc, new ApiKeyDisabledEvent("k1", "org", DisabledReason.LEAKED), 2);
        assertThat(KeyDocuments.toRecord(doc).disabledReason()).isEqualTo(DisabledReason.LEAKED);
        apply(doc, new ApiKeyEnabledEvent("k1", "org"), 3);
        assertThat(KeyDocuments.toRecord(doc).disabledReason()).isNull();
        apply(doc, new ApiKeyDisabledEvent("k1", "org"), 4);
        assertThat(KeyDocuments.toRecord(doc).disabledReason()).isEqualTo(DisabledReason.MANUAL);
    }

    @Test
    void aLeakReportBelongsToTheKeysOrganizationForTheAuditExport() {
        assertThat(KeyDocuments.organizationOf(new ApiKeyLeakReportedEvent("k1", "org_a", LeakedSecret.CURRENT,
                LeakAction.DISABLE, "https://x.example/y", null))).isEqualTo("org_a");
        assertThat(KeyDocuments.isKeyEvent(new ApiKeyLeakReportedEvent("k1", "org_a", LeakedSecret.CURRENT,
                LeakAction.DISABLE, null, null))).isFalse();
    }
}
