package io.keyledger.api.credits;

/**
 * A refill rule: at 00:00 UTC every day, or on {@code dayOfMonth} every month (clamped to the
 * month's last day: 31 means the last day of every month), the balance is SET to {@code amount}
 * (credits left over do not carry).
 *
 * @param interval   daily or monthly
 * @param amount     the balance after a refill, 1–{@link Credits#MAX}
 * @param dayOfMonth 1–31, monthly only ({@code null}: the 1st)
 */
public record CreditRefill(Interval interval, Long amount, Integer dayOfMonth) {

    public enum Interval {
        DAILY, MONTHLY
    }
}
