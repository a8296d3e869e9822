package io.keyledger.command.keys;

import io.keyledger.api.credits.CreditRefill;
import io.keyledger.api.credits.Credits;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/** Bounds of the credit inputs (400 naming the field) and the refill calendar. */
public final class CreditRules {

    /** A lease never takes more than this share of the balance: blocks shrink with it, down to one credit. */
    static final long LEASE_SHARE = 4;
    public static final long MAX_TTL_SECONDS = 600;
    public static final Pattern LEASE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    public static final Pattern HOLDER = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");

    private CreditRules() {
    }

    /**
     * The credits as asked on create ({@code create}) or {@code PATCH}. A missing {@code remaining}
     * is the refill amount on create and the balance as it is on {@code PATCH}.
     */
    public static Credits credits(Credits credits, boolean create) {
        if (credits == null) {
            return null;
        }
        CreditRefill refill = refill(credits.refill());
        Long remaining = credits.remaining();
        if (remaining == null && create) {
            if (refill == null) {
                throw new InvalidFieldException("credits.remaining", "is required (or a refill whose amount it starts at)");
            }
            remaining = refill.amount();
        }
        if (remaining != null) {
            amount("credits.remaining", remaining, 0);
        }
        return new Credits(remaining, refill);
    }

    static CreditRefill refill(CreditRefill refill) {
        if (refill == null) {
            return null;
        }
        if (refill.interval() == null) {
            throw new InvalidFieldException("credits.refill.interval", "is required: daily or monthly");
        }
        if (refill.amount() == null) {
            throw new InvalidFieldException("credits.refill.amount", "is required");
        }
        amount("credits.refill.amount", refill.amount(), 1);
        Integer day = refill.dayOfMonth();
        if (refill.interval() == CreditRefill.Interval.DAILY && day != null) {
            throw new InvalidFieldException("credits.refill.day_of_month", "applies to a monthly refill only");
        }
        if (day != null && (day < 1 || day > 31)) {
            throw new InvalidFieldException("credits.refill.day_of_month", "must be 1–31 (clamped to the month's last day)");
        }
        return refill;
    }

    /** {@code value} within {@code min}–{@link Credits#MAX}. */
    public static long amount(String field, Long value, long min) {
        if (value == null) {
            throw new InvalidFieldException(field, "is required");
        }
        if (value < min || value > Credits.MAX) {
            throw new InvalidFieldException(field, "must be " + min + "–" + Credits.MAX);
        }
        return value;
    }

    /**
     * The first refill strictly after {@code from}: the next 00:00 UTC (daily), or 00:00 UTC of
     * {@code day_of_month} (default the 1st) clamped to the month's last day (monthly).
     */
    public static Instant nextRefill(CreditRefill refill, Instant from) {
        LocalDate today = LocalDate.ofInstant(from, ZoneOffset.UTC);
        if (refill.interval() == CreditRefill.Interval.DAILY) {
            return today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        int day = refill.dayOfMonth() == null ? 1 : refill.dayOfMonth();
        YearMonth month = YearMonth.from(today);
        Instant candidate = onDay(month, day);
        if (!candidate.isAfter(from)) {
            candidate = onDay(month.plusMonths(1), day);
        }
        return candidate;
    }

    private static Instant onDay(YearMonth month, int day) {
        return month.atDay(Math.min(day, month.lengthOfMonth())).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /**
     * How much a lease gets: what is asked, at most a quarter of the balance (at least one credit),
     * at least {@code minimum}, never more than the balance; 0 when the balance cannot cover {@code minimum}.
     */
    static long grant(long balance, long requested, long minimum) {
        if (balance < minimum || balance <= 0) {
            return 0;
        }
        long share = Math.max(1, balance / LEASE_SHARE);
        long granted = Math.max(Math.min(requested, share), minimum);
        return Math.min(granted, balance);
    }
}
