package io.keyledger.query.anomalies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworksTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "10.1.2.3, 10.1.2.0/24",
            "' 010.001.2.255 ', 10.1.2.0/24",
            "0.0.0.0, 0.0.0.0/24",
            "١٠.1.2.3, 10.1.2.0/24",
            "2001:db8:1234:5678::1, 2001:db8:1234::/48",
            "::ffff:192.0.2.7, 192.0.2.0/24",
            "256.1.2.3, null",
            "1.2.3, null",
            "1.2.3.4., null",
            "1..2.3, null",
            "1.2.3.4.5, null",
            "1.2.3.1000, null",
            "a.b.c.d, null",
            "example.com, null",
            "'', null"})
    void networkOfAnAddress(String ip, String network) {
        assertThat(Networks.of(ip)).isEqualTo(network);
    }

    /** The IPv4 reading as it was before the ASCII fast path: the same answer for any text. */
    @Test
    void readsIpv4AsSplittingDid() {
        Random random = new Random(17);
        String alphabet = "0123456789..x ١";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder ip = new StringBuilder();
            int length = 1 + random.nextInt(16);
            for (int j = 0; j < length; j++) {
                ip.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(Networks.of(ip.toString())).as(ip.toString()).isEqualTo(bySplitting(ip.toString()));
        }
    }

    private static String bySplitting(String ip) {
        if (ip.isBlank()) {
            return null;
        }
        String[] parts = ip.trim().split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        int[] octets = new int[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                return null;
            }
            octets[i] = Integer.parseInt(parts[i]);
            if (octets[i] > 255) {
                return null;
            }
        }
        return octets[0] + "." + octets[1] + "." + octets[2] + ".0/24";
    }
}
