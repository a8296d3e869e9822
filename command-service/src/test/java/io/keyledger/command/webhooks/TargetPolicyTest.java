package io.keyledger.command.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyledger.command.keys.InvalidFieldException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SSRF rules as a table: address → may a delivery reach it when private targets are not allowed. */
class TargetPolicyTest {

    @ParameterizedTest(name = "{0} public={1}")
    @CsvSource({
            "93.184.216.34, true",
            "8.8.8.8, true",
            "127.0.0.1, false",
            "127.255.0.9, false",
            "10.1.2.3, false",
            "172.16.0.1, false",
            "172.31.255.255, false",
            "172.32.0.1, true",
            "192.168.1.1, false",
            "169.254.169.254, false",
            "100.64.0.1, false",
            "100.128.0.1, true",
            "0.0.0.0, false",
            "0.1.2.3, false",
            "224.0.0.1, false",
            "255.255.255.255, false",
            "198.18.0.1, false",
            "192.0.0.8, false",
            "::1, false",
            "::, false",
            "fe80::1, false",
            "fc00::1, false",
            "fd12:3456::1, false",
            "fec0::1, false",
            "ff02::1, false",
            "::ffff:127.0.0.1, false",
            "::ffff:10.0.0.1, false",
            "::ffff:93.184.216.34, true",
            "64:ff9b::a00:1, false",
            "2002:c0a8:0101::1, false",
            "2606:4700:4700::1111, true",
    })
    void addresses(String address, boolean allowed) throws UnknownHostException {
        assertThat(TargetPolicy.isPublic(InetAddress.getByName(address))).isEqualTo(allowed);
    }

    private static final Map<String, String[]> DNS = Map.of(
            "public.example", new String[]{"93.184.216.34"},
            "mixed.example", new String[]{"93.184.216.34", "10.0.0.7"},
            "inside.example", new String[]{"192.168.0.10"});

    private static TargetPolicy policy(boolean allowHttp, boolean allowPrivate) {
        return new TargetPolicy(allowHttp, allowPrivate, host -> {
            String[] answers = DNS.get(host);
            if (answers == null) {
                // literals resolve to themselves, like the JDK's resolver
                if (host.matches("[0-9a-fA-F:.]+")) {
                    return new InetAddress[]{InetAddress.getByName(host)};
                }
                throw new UnknownHostException(host);
            }
            InetAddress[] out = new InetAddress[answers.length];
            for (int i = 0; i < answers.length; i++) {
                out[i] = InetAddress.getByName(answers[i]);
            }
            return out;
        });
    }

    @ParameterizedTest(name = "{0} http={1} private={2} → {3}")
    @CsvSource({
            "https://public.example/hook, false, false, ok",
            "http://public.example/hook, false, false, must be https",
            "http://public.example/hook, true, false, ok",
            "https://mixed.example/hook, false, false, 10.0.0.7",
            "https://inside.example/hook, false, false, private",
            "https://inside.example/hook, false, true, ok",
            "https://127.0.0.1:8443/hook, false, false, private",
            "https://[::1]/hook, false, false, private",
            "https://[::ffff:169.254.169.254]/latest, false, false, private",
            "https://nowhere.example/hook, false, false, does not resolve",
            "ftp://public.example/hook, true, true, must be an https",
            "https://user:pw@public.example/hook, false, false, user information",
            "https://public.example/hook#x, false, false, fragment",
            "/relative, true, true, must be an https",
            "https://, true, true, is not a valid URL",
    })
    void urls(String url, boolean allowHttp, boolean allowPrivate, String expected) {
        TargetPolicy policy = policy(allowHttp, allowPrivate);
        if (expected.equals("ok")) {
            assertThat(policy.check(url).toString()).isEqualTo(url);
        } else {
            assertThatThrownBy(() -> policy.check(url)).isInstanceOf(InvalidFieldException.class)
                    .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("url"))
                    .hasMessageContaining(expected);
        }
    }
}
