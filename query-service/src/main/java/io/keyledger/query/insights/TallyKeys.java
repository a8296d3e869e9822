package io.keyledger.query.insights;

/**
 * Keys of the tally store: {@code <keyId> NUL <kind> NUL <item>}, so all of one key's tallies are one
 * key range ({@link #from}, {@link #to}). Kinds: {@code p} a permission asked by an attempt that got past
 * the permission check, {@code f} one asked by an attempt refused there ({@code FORBIDDEN}), {@code n} a network,
 * {@code u} a user agent within a network ({@code <network> NUL <agent>}).
 */
final class TallyKeys {

    static final char PERMISSION = 'p';
    static final char FORBIDDEN = 'f';
    static final char NETWORK = 'n';
    static final char USER_AGENT = 'u';
    static final int MAX_USER_AGENT = 256;
    private static final char SEP = '\u0000';

    private TallyKeys() {
    }

    static String of(String keyId, char kind, String item) {
        return keyId + SEP + kind + SEP + item;
    }

    static String userAgent(String keyId, String network, String userAgent) {
        String agent = userAgent.length() <= MAX_USER_AGENT ? userAgent : userAgent.substring(0, MAX_USER_AGENT);
        return of(keyId, USER_AGENT, network + SEP + agent);
    }

    static String from(String keyId) {
        return keyId + SEP;
    }

    static String to(String keyId) {
        return keyId + '\u0001';
    }

    /** The kind of a tally key of {@code keyId}, or 0 when it is not one. */
    static char kind(String tallyKey, String keyId) {
        int at = keyId.length();
        if (tallyKey.length() < at + 3 || !tallyKey.startsWith(keyId) || tallyKey.charAt(at) != SEP
                || tallyKey.charAt(at + 2) != SEP) {
            return 0;
        }
        return tallyKey.charAt(at + 1);
    }

    static String item(String tallyKey, String keyId) {
        return tallyKey.substring(keyId.length() + 3);
    }

    /** {@code [network, agent]} of a user-agent item. */
    static String[] networkAndAgent(String item) {
        int sep = item.indexOf(SEP);
        return sep < 0 ? new String[]{item, ""} : new String[]{item.substring(0, sep), item.substring(sep + 1)};
    }
}
