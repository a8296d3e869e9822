package io.keyledger.query.keys;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyRenewedEvent;
import io.keyledger.api.keys.ApiKeyMetaChangedEvent;
import io.keyledger.api.keys.AutoRenew;
import io.keyledger.api.keys.ApiKeyDisabledEvent;
import io.keyledger.api.keys.ApiKeyEnabledEvent;
import io.keyledger.api.keys.ApiKeyExpiredEvent;
import io.keyledger.api.keys.ApiKeyExpiryWarningIssuedEvent;
import io.keyledger.api.keys.ApiKeyPreviousSecretRetiredEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.ApiKeyRotatedEvent;
import io.keyledger.api.keys.ApiKeyUpdatedEvent;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.KeyStatus;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.query.projections.Dates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * The key document of the read model and the one place that says what each key event changes
 * in it. The Mongo projection {@code $set}s these changes; the audit replay
 * ({@code /state?at=}) applies the same changes to an in-memory document, so "the key as it
 * stood at T" and the live read model cannot drift apart.
 *
 * <p>The events carry a key's hash; no change below copies it, so no document holds one.
 */
public final class KeyDocuments {

    public static final String COLLECTION = "keys";

    static final String ID = "_id";
    static final String ORGANIZATION_ID = "organizationId";
    static final String NAME = "name";
    static final String DESCRIPTION = "description";
    static final String OWNER = "owner";
    static final String ENVIRONMENT = "environment";
    static final String PREFIX = "prefix";
    static final String PERMISSIONS = "permissions";
    static final String RATE_LIMIT = "rateLimit";
    static final String RESTRICTIONS = "restrictions";
    static final String STATUS = "status";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String EXPIRES_AT = "expiresAt";
    static final String DISABLED_AT = "disabledAt";
    static final String DISABLED_REASON = "disabledReason";
    static final String REVOKED_AT = "revokedAt";
    static final String REVOCATION_REASON = "revocationReason";
    static final String EXPIRED_AT = "expiredAt";
    static final String ROTATED_AT = "rotatedAt";
    static final String PREVIOUS_KEY_VALID_UNTIL = "previousKeyValidUntil";
    static final String EXPIRY_WARNING_ISSUED_AT = "expiryWarningIssuedAt";
    static final String AUTO_RENEW = "autoRenew";
    static final String RENEWED_AT = "renewedAt";
    static final String IMPORTED = "imported";
    /** Compact JSON text of the key's {@code meta}: a string, never a sub-document (its keys may start with {@code $}). */
    static final String META = "meta";
    /** Search terms of the name ({@link SearchTerms#ofName}), what {@code q=} matches on index {@code org_name_terms}. */
    static final String NAME_TERMS = "nameTerms";
    /** Search terms of the display prefix ({@link SearchTerms#ofPrefix}), index {@code org_prefix_terms}. */
    static final String PREFIX_TERMS = "prefixTerms";
    /** Aggregate sequence number of the last event applied: the idempotency guard and the key's version. */
    public static final String SEQUENCE = "sequence";
    /** Written by the usage sink, never by an event: survives a projection rebuild. */
    static final String LAST_USED = "lastUsed";
    // credits (DESIGN §9): each credit event sets the fields it carries, the last one's win
    static final String CREDITS_BALANCE = "creditsBalance";
    static final String CREDITS_REFILL = "creditsRefill";
    static final String CREDITS_NEXT_REFILL_AT = "creditsNextRefillAt";
    static final String CREDITS_LEASED = "creditsLeased";
    static final String CREDITS_SPENT_TODAY = "creditsSpentToday";
    static final String CREDITS_SPENT_THIS_MONTH = "creditsSpentThisMonth";
    static final String CREDITS_SPENT_AT = "creditsSpentAt";

    private KeyDocuments() {
    }

    /** Whether this is an event of a key's life that changes its document. */
    public static boolean isKeyEvent(Object event) {
        return event instanceof ApiKeyCreatedEvent || event instanceof ApiKeyUpdatedEvent
                || event instanceof ApiKeyRotatedEvent || event instanceof ApiKeyPreviousSecretRetiredEvent
                || event instanceof ApiKeyDisabledEvent || event instanceof ApiKeyEnabledEvent
                || event instanceof ApiKeyRevokedEvent || event instanceof ApiKeyExpiredEvent
                || event instanceof ApiKeyExpiryWarningIssuedEvent || event instanceof ApiKeyRenewedEvent
                || event instanceof io.keyledger.api.credits.ApiKeyCreditsChangedEvent
                || event instanceof io.keyledger.api.credits.ApiKeyCreditsLeasedEvent
                || event instanceof io.keyledger.api.credits.ApiKeyCreditLeaseEndedEvent
                || event instanceof ApiKeyMetaChangedEvent;
    }

    /** The organization a key event belongs to, {@code null} for any other event. */
    public static String organizationOf(Object event) {
        if (event instanceof ApiKeyCreatedEvent e) {
            return e.organizationId();
        } else if (event instanceof ApiKeyUpdatedEvent e) {
            return e.organizationId();
        } else if (event instanceof ApiKeyRotatedEvent e) {
            return e.organizationId();
        } else if (event instanceof ApiKeyPreviousSecretRetiredEvent e) {
            return e.organizationId();
        } else if (event instanceof ApiKeyDisabledEvent e) {
            return e.organizationId();
        } else if (event instanceof ApiKeyEnabledEvent e) {
            return e.organizationId();
        } else if (event instanceof ApiKeyRevokedEvent e) {
            return e.organizationId();
        } else if (event instanceof ApiKeyExpiredEvent e) {
            return e.organizationId();
        } else if (event instanceof ApiKeyExpiryWarningIssuedEvent e) {
            return e.organizationId();
        } else if (event instanceof ApiKeyRenewedEvent e) {
            return e.organizationId();
        } else if (event instanceof ApiKeyMetaChangedEvent e) {
            return e.organizationId();
        } else if (event instanceof io.keyledger.api.keys.ApiKeyLeakReportedEvent e) {
            // not a change of the document, but part of the key's audit trail and export
            return e.organizationId();
        } else if (event instanceof io.keyledger.api.credits.ApiKeyCreditsChangedEvent e) {
            return e.organizationId();
        } else if (event instanceof io.keyledger.api.credits.ApiKeyCreditsLeasedEvent e) {
            return e.organizationId();
        } else if (event instanceof io.keyledger.api.credits.ApiKeyCreditLeaseEndedEvent e) {
            return e.organizationId();
        }
        return null;
    }

    /**
     * The fields an event sets, including the sequence and the time of the change. Which fields
     * depends on the event's type alone, never on its content: the point-in-time replay relies on
     * it and applies only the last event of each type.
     *
     * @throws IllegalArgumentException for an event that is not a key event
     */
    public static Document changes(Object event, long sequence, Instant at) {
        Document set = new Document();
        if (event instanceof ApiKeyCreatedEvent e) {
            set.append(ORGANIZATION_ID, e.organizationId())
                    .append(NAME, e.name())
                    .append(NAME_TERMS, SearchTerms.ofName(e.name()))
                    .append(PREFIX_TERMS, SearchTerms.ofPrefix(e.prefix()))
                    .append(META, null)
                    .append(DESCRIPTION, e.description())
                    .append(OWNER, owner(e.owner()))
                    .append(ENVIRONMENT, e.environment() == null ? null : e.environment().name())
                    .append(PREFIX, e.prefix())
                    .append(PERMISSIONS, e.permissions() == null ? List.of() : List.copyOf(e.permissions()))
                    .append(RATE_LIMIT, rateLimit(e.rateLimit()))
                    .append(RESTRICTIONS, restrictions(e.restrictions()))
                    .append(STATUS, KeyStatus.ACTIVE.name())
                    .append(CREATED_AT, date(at))
                    .append(EXPIRES_AT, date(e.expiresAt()))
                    // a rebuild replays the creation over the old document: reset what later events set
                    .append(DISABLED_AT, null)
                    .append(DISABLED_REASON, null)
                    .append(REVOKED_AT, null)
                    .append(REVOCATION_REASON, null)
                    .append(EXPIRED_AT, null)
                    .append(ROTATED_AT, null)
                    .append(PREVIOUS_KEY_VALID_UNTIL, null)
                    .append(EXPIRY_WARNING_ISSUED_AT, null)
                    .append(AUTO_RENEW, autoRenew(e.autoRenew()))
                    .append(RENEWED_AT, null)
                    .append(CREDITS_BALANCE, null)
                    .append(CREDITS_REFILL, null)
                    .append(CREDITS_NEXT_REFILL_AT, null)
                    .append(CREDITS_LEASED, null)
                    .append(CREDITS_SPENT_TODAY, null)
                    .append(CREDITS_SPENT_THIS_MONTH, null)
                    .append(CREDITS_SPENT_AT, null)
                    .append(IMPORTED, e.imported());
        } else if (event instanceof ApiKeyUpdatedEvent e) {
            set.append(NAME, e.name())
                    .append(NAME_TERMS, SearchTerms.ofName(e.name()))
                    .append(DESCRIPTION, e.description())
                    .append(PERMISSIONS, e.permissions() == null ? List.of() : List.copyOf(e.permissions()))
                    .append(RATE_LIMIT, rateLimit(e.rateLimit()))
                    .append(RESTRICTIONS, restrictions(e.restrictions()))
                    .append(EXPIRES_AT, date(e.expiresAt()))
                    .append(AUTO_RENEW, autoRenew(e.autoRenew()));
        } else if (event instanceof ApiKeyRotatedEvent e) {
            set.append(PREFIX, e.prefix())
                    .append(PREFIX_TERMS, SearchTerms.ofPrefix(e.prefix()))
                    .append(ROTATED_AT, date(at))
                    .append(PREVIOUS_KEY_VALID_UNTIL, date(e.previousValidUntil()));
        } else if (event instanceof ApiKeyPreviousSecretRetiredEvent) {
            set.append(PREVIOUS_KEY_VALID_UNTIL, null);
        } else if (event instanceof ApiKeyDisabledEvent e) {
            set.append(STATUS, KeyStatus.DISABLED.name()).append(DISABLED_AT, date(at))
                    .append(DISABLED_REASON, e.disabledReason().name());
        } else if (event instanceof ApiKeyEnabledEvent) {
            set.append(STATUS, KeyStatus.ACTIVE.name()).append(DISABLED_AT, null).append(DISABLED_REASON, null);
        } else if (event instanceof ApiKeyRevokedEvent e) {
            set.append(STATUS, KeyStatus.REVOKED.name())
                    .append(REVOKED_AT, date(at))
                    .append(REVOCATION_REASON, e.reason());
        } else if (event instanceof ApiKeyExpiredEvent) {
            set.append(STATUS, KeyStatus.EXPIRED.name()).append(EXPIRED_AT, date(at));
        } else if (event instanceof ApiKeyExpiryWarningIssuedEvent) {
            set.append(EXPIRY_WARNING_ISSUED_AT, date(at));
        } else if (event instanceof ApiKeyMetaChangedEvent e) {
            set.append(META, e.meta());
        } else if (event instanceof ApiKeyRenewedEvent e) {
            set.append(RENEWED_AT, date(at)).append(EXPIRES_AT, date(e.expiresAt()));
        } else if (event instanceof io.keyledger.api.credits.ApiKeyCreditsChangedEvent e) {
            set.append(CREDITS_BALANCE, e.balance())
                    .append(CREDITS_REFILL, refill(e.refill()))
                    .append(CREDITS_NEXT_REFILL_AT, date(e.nextRefillAt()));
        } else if (event instanceof io.keyledger.api.credits.ApiKeyCreditsLeasedEvent e) {
            set.append(CREDITS_BALANCE, e.balance()).append(CREDITS_LEASED, e.leased());
        } else if (event instanceof io.keyledger.api.credits.ApiKeyCreditLeaseEndedEvent e) {
            set.append(CREDITS_BALANCE, e.balance())
                    .append(CREDITS_LEASED, e.leased())
                    .append(CREDITS_SPENT_TODAY, e.spentToday())
                    .append(CREDITS_SPENT_THIS_MONTH, e.spentThisMonth())
                    .append(CREDITS_SPENT_AT, date(at));
        } else {
            throw new IllegalArgumentException("not a key event: " + event.getClass().getName());
        }
        return set.append(UPDATED_AT, date(at)).append(SEQUENCE, sequence);
    }

    /** The API's view of a key document. */
    public static KeyRecord toRecord(Document doc) {
        Document owner = doc.get(OWNER, Document.class);
        Document limit = doc.get(RATE_LIMIT, Document.class);
        Document restrictions = doc.get(RESTRICTIONS, Document.class);
        Document autoRenew = doc.get(AUTO_RENEW, Document.class);
        String environment = doc.getString(ENVIRONMENT);
        Number sequence = doc.get(SEQUENCE, Number.class);
        return new KeyRecord(
                doc.getString(ID),
                doc.getString(PREFIX),
                doc.getString(NAME),
                doc.getString(DESCRIPTION),
                doc.getString(ORGANIZATION_ID),
                owner == null ? null : new Owner(
                        owner.getString("type") == null ? null : OwnerType.valueOf(owner.getString("type")),
                        owner.getString("id")),
                environment == null ? null : Environment.valueOf(environment),
                strings(doc.getList(PERMISSIONS, String.class)),
                limit == null ? RateLimit.NONE : new RateLimit(limit.getInteger("perSecond"), limit.getInteger("burst"),
                        limit.getInteger("perMinute"), limit.getInteger("perHour"), limit.getInteger("perDay")),
                restrictions == null ? Restrictions.NONE : new Restrictions(
                        restrictions.getList("ipAllowlist", String.class), restrictions.getList("referrers", String.class)),
                doc.getString(STATUS) == null ? null : KeyStatus.valueOf(doc.getString(STATUS)),
                instant(doc, CREATED_AT),
                instant(doc, UPDATED_AT),
                instant(doc, EXPIRES_AT),
                instant(doc, DISABLED_AT),
                disabledReason(doc),
                instant(doc, REVOKED_AT),
                doc.getString(REVOCATION_REASON),
                instant(doc, EXPIRED_AT),
                instant(doc, ROTATED_AT),
                instant(doc, PREVIOUS_KEY_VALID_UNTIL),
                instant(doc, EXPIRY_WARNING_ISSUED_AT),
                autoRenew == null ? null : new AutoRenew(autoRenew.getInteger("periodDays"),
                        autoRenew.getInteger("onlyIfUsedWithinDays")),
                instant(doc, RENEWED_AT),
                Boolean.TRUE.equals(doc.getBoolean(IMPORTED)),
                sequence == null ? 0 : sequence.longValue(),
                instant(doc, LAST_USED),
                null,
                credits(doc, Instant.now()),
                doc.getString(META), null);
    }

    private static Document refill(io.keyledger.api.credits.CreditRefill refill) {
        return refill == null ? null : new Document("interval", refill.interval() == null ? null : refill.interval().name())
                .append("amount", refill.amount()).append("dayOfMonth", refill.dayOfMonth());
    }

    /** The credits block, {@code null} for a key without credits; spent counts of an earlier UTC day (month) are 0. */
    static KeyRecord.Credits credits(Document doc, Instant now) {
        Number balance = doc.get(CREDITS_BALANCE, Number.class);
        if (balance == null) {
            return null;
        }
        long leased = number(doc, CREDITS_LEASED);
        Instant spentAt = instant(doc, CREDITS_SPENT_AT);
        java.time.LocalDate today = java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
        java.time.LocalDate spentDay = spentAt == null ? null : java.time.LocalDate.ofInstant(spentAt, java.time.ZoneOffset.UTC);
        long spentToday = today.equals(spentDay) ? number(doc, CREDITS_SPENT_TODAY) : 0;
        long spentThisMonth = spentDay != null
                && java.time.YearMonth.from(today).equals(java.time.YearMonth.from(spentDay))
                ? number(doc, CREDITS_SPENT_THIS_MONTH) : 0;
        Document refill = doc.get(CREDITS_REFILL, Document.class);
        io.keyledger.api.credits.CreditRefill rule = refill == null ? null : new io.keyledger.api.credits.CreditRefill(
                refill.getString("interval") == null ? null
                        : io.keyledger.api.credits.CreditRefill.Interval.valueOf(refill.getString("interval")),
                refill.get("amount", Number.class) == null ? null : refill.get("amount", Number.class).longValue(),
                refill.getInteger("dayOfMonth"));
        return new KeyRecord.Credits(balance.longValue() + leased, leased, spentToday, spentThisMonth, rule,
                instant(doc, CREDITS_NEXT_REFILL_AT));
    }

    private static long number(Document doc, String field) {
        Number value = doc.get(field, Number.class);
        return value == null ? 0 : value.longValue();
    }

    /** A disabled key's reason; documents written before there were reasons say nothing and mean manual. */
    private static io.keyledger.api.keys.DisabledReason disabledReason(Document doc) {
        if (!KeyStatus.DISABLED.name().equals(doc.getString(STATUS))) {
            return null;
        }
        String reason = doc.getString(DISABLED_REASON);
        return reason == null ? io.keyledger.api.keys.DisabledReason.MANUAL
                : io.keyledger.api.keys.DisabledReason.valueOf(reason);
    }

    private static List<String> strings(List<String> list) {
        return list == null ? List.of() : new ArrayList<>(list);
    }

    private static Document owner(Owner owner) {
        if (owner == null) {
            return null;
        }
        return new Document("type", owner.type() == null ? null : owner.type().name()).append("id", owner.id());
    }

    private static Document autoRenew(AutoRenew rule) {
        return rule == null ? null : new Document("periodDays", rule.periodDays())
                .append("onlyIfUsedWithinDays", rule.onlyIfUsedWithinDays());
    }

    private static Document rateLimit(RateLimit limit) {
        RateLimit l = limit == null ? RateLimit.NONE : limit;
        return new Document("perSecond", l.perSecond())
                .append("burst", l.burst())
                .append("perMinute", l.perMinute())
                .append("perHour", l.perHour())
                .append("perDay", l.perDay());
    }

    private static Document restrictions(Restrictions restrictions) {
        Restrictions r = restrictions == null ? Restrictions.NONE : restrictions;
        return new Document("ipAllowlist", r.ipAllowlist()).append("referrers", r.referrers());
    }

    /**
     * Mongo keeps milliseconds; so does every time in the read model and its replay. Saturating
     * ({@link Dates}): an event with a far instant is applied with that instant clamped, not refused.
     */
    static Date date(Instant instant) {
        return Dates.date(instant);
    }

    private static Instant instant(Document doc, String field) {
        Date date = doc.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
