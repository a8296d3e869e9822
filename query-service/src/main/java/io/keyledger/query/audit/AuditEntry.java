package io.keyledger.query.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One event of a key's history as the audit API shows it: the event, who caused it and from
 * where. The payload is the event's JSON without its hash fields (the audit trail needs to know
 * a secret changed, not its digest).
 */
record AuditEntry(Long globalIndex,
                  long sequence,
                  String type,
                  Instant occurredAt,
                  String keyId,
                  String organizationId,
                  String actor,
                  String clientIp,
                  String userAgent,
                  String correlationId,
                  Map<String, Object> payload) {
}
