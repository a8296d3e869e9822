package io.keyledger.query.insights;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.api.attempts.VerificationCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What the insights keep of one attempt, beside its time (the store's timestamp): the verdict,
 * which secret matched, and what a re-judgement needs (permissions asked, address, referrer). Kept
 * binary and small: a month of a busy key is millions of these (README, "Insights").
 *
 * @param timestampMillis when the verification ran
 * @param code            the verdict
 * @param previousSecret  whether the previous secret (inside its grace period) matched
 * @param permission      permissions asked, joined by {@code ,}; {@code null} when none
 * @param ip              the address the verdict was judged by, may be {@code null}
 * @param referrer        the referrer, may be {@code null}
 */
public record StoredAttempt(long timestampMillis, VerificationCode code, boolean previousSecret, String permission,
                            String ip, String referrer) {

    /** Longer texts are cut: the validator bounds its inputs already, this only bounds the store. */
    static final int MAX_TEXT = 1_024;
    private static final byte VERSION = 1;

    static StoredAttempt of(AuthAttempt attempt) {
        return new StoredAttempt(attempt.timestamp().toEpochMilli(), attempt.code(), attempt.previousSecret(),
                cut(attempt.permission()), cut(attempt.ip()), cut(attempt.referrer()));
    }

    static String cut(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + length(permission) + length(ip) + length(referrer));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            // by name, not ordinal: a code added to the enum later must not shift the stored ones
            out.writeUTF(code.name());
            out.writeByte(previousSecret ? 1 : 0);
            text(out, permission);
            text(out, ip);
            text(out, referrer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static StoredAttempt decode(long timestampMillis, byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            in.readByte(); // version 1 is the only one so far
            VerificationCode code = VerificationCode.valueOf(in.readUTF());
            boolean previous = in.readByte() == 1;
            return new StoredAttempt(timestampMillis, code, previous, text(in), text(in), text(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the attempt got past the permission check (it may still have been rate limited). */
    boolean passedPermissionCheck() {
        return passesPermissionCheck(code);
    }

    static boolean passesPermissionCheck(VerificationCode code) {
        return code == VerificationCode.VALID || code == VerificationCode.RATE_LIMITED
                || "USAGE_EXCEEDED".equals(code.name());
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    private static void text(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    private static String text(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
