package io.keyledger.api.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Random;

/**
 * The key format (DESIGN.md §2): {@code kl_<env>_<random base62><6 base62 chars of CRC32>}.
 *
 * <p>The checksum covers everything before it, so a verifier rejects typos and garbage
 * without a lookup, and secret scanners can recognise leaked keys. Keys imported from other
 * systems ({@link Kind#IMPORTED}) don't follow the format; they must be long and varied
 * enough instead (see {@link #isAcceptableImport(String)}).
 */
public final class ApiKeyFormat {

    public static final int MIN_RANDOM_LENGTH = 32;
    public static final int MAX_RANDOM_LENGTH = 128;
    public static final int DEFAULT_RANDOM_LENGTH = 40;
    public static final int CHECKSUM_LENGTH = 6;
    public static final int DISPLAY_PREFIX_LENGTH = 12;

    /** Imported values: length bounds and the minimum estimated entropy in bits. */
    public static final int MIN_IMPORT_LENGTH = 20;
    public static final int MAX_IMPORT_LENGTH = 256;
    public static final double MIN_IMPORT_ENTROPY_BITS = 80;

    private static final String PREFIX = "kl_";
    /** {@code kl_live_} and {@code kl_test_} have the same length. */
    private static final int ENV_PREFIX_LENGTH = 8;
    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    /** CRC32 tables: [0] the classic one, [k] the CRC of a byte followed by k zero bytes. */
    private static final int[][] CRC_TABLES = new int[4][256];
    private static final byte[] BASE62_DIGITS = new byte[128];

    static {
        java.util.Arrays.fill(BASE62_DIGITS, (byte) -1);
        for (int i = 0; i < BASE62.length; i++) {
            BASE62_DIGITS[BASE62[i]] = (byte) i;
        }
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            CRC_TABLES[0][n] = c;
        }
        for (int k = 1; k < 4; k++) {
            for (int n = 0; n < 256; n++) {
                int previous = CRC_TABLES[k - 1][n];
                CRC_TABLES[k][n] = (previous >>> 8) ^ CRC_TABLES[0][previous & 0xFF];
            }
        }
    }

    /** What a presented credential looks like, before any lookup. */
    public enum Kind {
        /** A {@code kl_} key with a valid checksum. */
        KEYLEDGER,
        /** Not a {@code kl_} key, but printable and long enough to be an imported key. */
        IMPORTED,
        /** Neither: reject without hashing. */
        MALFORMED
    }

    private ApiKeyFormat() {
    }

    /** A new key with the default random length. */
    public static String generate(Environment environment, Random random) {
        return generate(environment, DEFAULT_RANDOM_LENGTH, random);
    }

    /**
     * A new key.
     *
     * @param random a {@link SecureRandom} in production; tests may pass a seeded source
     */
    public static String generate(Environment environment, int randomLength, Random random) {
        if (randomLength < MIN_RANDOM_LENGTH || randomLength > MAX_RANDOM_LENGTH) {
            throw new IllegalArgumentException("key length must be between " + MIN_RANDOM_LENGTH
                    + " and " + MAX_RANDOM_LENGTH + ", was " + randomLength);
        }
        StringBuilder key = new StringBuilder(ENV_PREFIX_LENGTH + randomLength + CHECKSUM_LENGTH)
                .append(PREFIX).append(environment.token()).append('_');
        for (int i = 0; i < randomLength; i++) {
            key.append(BASE62[random.nextInt(BASE62.length)]);
        }
        long crc = crc32(key, key.length());
        char[] checksum = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            checksum[i] = BASE62[(int) (crc % 62)];
            crc /= 62;
        }
        return key.append(checksum).toString();
    }

    /** Classifies a presented credential without allocating; safe to call on the hot path. */
    public static Kind classify(CharSequence key) {
        if (key == null) {
            return Kind.MALFORMED;
        }
        if (startsWith(key, PREFIX)) {
            return isWellFormed(key) ? Kind.KEYLEDGER : Kind.MALFORMED;
        }
        int length = key.length();
        if (length < MIN_IMPORT_LENGTH || length > MAX_IMPORT_LENGTH) {
            return Kind.MALFORMED;
        }
        for (int i = 0; i < length; i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c >= 127) {
                return Kind.MALFORMED;
            }
        }
        return Kind.IMPORTED;
    }

    /** Whether {@code key} is a {@code kl_} key of a known environment with a valid checksum. */
    public static boolean isWellFormed(CharSequence key) {
        int length = key.length();
        int randomLength = length - ENV_PREFIX_LENGTH - CHECKSUM_LENGTH;
        if (randomLength < MIN_RANDOM_LENGTH || randomLength > MAX_RANDOM_LENGTH) {
            return false;
        }
        if (!startsWith(key, "kl_live_") && !startsWith(key, "kl_test_")) {
            return false;
        }
        long checksum = 0;
        for (int i = ENV_PREFIX_LENGTH; i < length; i++) {
            int digit = base62Digit(key.charAt(i));
            if (digit < 0) {
                return false;
            }
            if (i >= length - CHECKSUM_LENGTH) {
                checksum = checksum * 62 + digit;
            }
        }
        return checksum == crc32(key, length - CHECKSUM_LENGTH);
    }

    /** The environment named in a well-formed key's prefix. */
    public static Environment environmentOf(String key) {
        return startsWith(key, "kl_test_") ? Environment.TEST : Environment.LIVE;
    }

    /**
     * Whether a value from another system may be imported as a key: printable ASCII without
     * spaces, {@value #MIN_IMPORT_LENGTH}–{@value #MAX_IMPORT_LENGTH} characters, and at least
     * {@value #MIN_IMPORT_ENTROPY_BITS} bits by a Shannon estimate over its characters, whatever
     * its shape ({@code kl_} values from another installation included: over their random part).
     */
    public static boolean isAcceptableImport(String value) {
        if (value == null || classify(value) == Kind.MALFORMED) {
            return false;
        }
        // kl_ values too: their prefix and checksum are public, so only the random part counts
        String secret = value.startsWith(PREFIX) ? value.substring(ENV_PREFIX_LENGTH, value.length() - CHECKSUM_LENGTH) : value;
        int[] counts = new int[128];
        secret.chars().forEach(c -> counts[c]++);
        double bitsPerChar = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = (double) count / secret.length();
                bitsPerChar -= p * (Math.log(p) / Math.log(2));
            }
        }
        return bitsPerChar * secret.length() >= MIN_IMPORT_ENTROPY_BITS;
    }

    /** Whether {@code value} looks like a lowercase or uppercase hex SHA-256 digest. */
    public static boolean isSha256Hex(String value) {
        return value != null && value.length() == 64 && value.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /** Lowercase hex SHA-256 of the key's UTF-8 bytes: what events and projections store. */
    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    /** SHA-256 of the key's UTF-8 bytes. */
    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The part of a key that may be shown and logged: its first {@value #DISPLAY_PREFIX_LENGTH} characters. */
    public static String displayPrefix(String key) {
        if (key.startsWith(PREFIX)) {
            return key.substring(0, Math.min(DISPLAY_PREFIX_LENGTH, key.length()));
        }
        // imported values have no public prefix; show little of them
        return key.substring(0, Math.min(4, key.length()));
    }

    private static boolean startsWith(CharSequence s, String prefix) {
        if (s.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (s.charAt(i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** By table, not by range tests: random characters made the branches a coin toss (validator hot path). */
    private static int base62Digit(char c) {
        return c < BASE62_DIGITS.length ? BASE62_DIGITS[c] : -1;
    }

    /**
     * CRC32 of the first {@code length} chars, each taken as one byte (the format is ASCII).
     * Four bytes per step ("slicing by 4"): a table lookup per byte in a chain made the checksum
     * a third of a verification's time.
     */
    private static long crc32(CharSequence s, int length) {
        int crc = 0xFFFFFFFF;
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            crc ^= (s.charAt(i) & 0xFF) | (s.charAt(i + 1) & 0xFF) << 8 | (s.charAt(i + 2) & 0xFF) << 16
                    | (s.charAt(i + 3) & 0xFF) << 24;
            crc = CRC_TABLES[3][crc & 0xFF] ^ CRC_TABLES[2][(crc >>> 8) & 0xFF]
                    ^ CRC_TABLES[1][(crc >>> 16) & 0xFF] ^ CRC_TABLES[0][crc >>> 24];
        }
        for (; i < length; i++) {
            crc = CRC_TABLES[0][(crc ^ s.charAt(i)) & 0xFF] ^ (crc >>> 8);
        }
        return ~crc & 0xFFFFFFFFL;
    }
}
