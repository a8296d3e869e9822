package io.keyledger.validator.hotset;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.keys.Restrictions;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRestrictionsTest {

    @Test
    void ipv4AndIpv6NetworksMatchByPrefix() {
        KeyRestrictions r = KeyRestrictions.compile(new Restrictions(
                List.of("192.168.0.0/16", "10.1.2.3", "2001:db8::/32", "203.0.113.128/25"), List.of()));
        assertThat(r.allowsIp("192.168.77.1")).isTrue();
        assertThat(r.allowsIp("192.169.0.1")).isFalse();
        assertThat(r.allowsIp("10.1.2.3")).isTrue();
        assertThat(r.allowsIp("10.1.2.4")).isFalse();
        assertThat(r.allowsIp("203.0.113.200")).isTrue();
        assertThat(r.allowsIp("203.0.113.100")).isFalse();
        assertThat(r.allowsIp("2001:db8:abcd::1")).isTrue();
        assertThat(r.allowsIp("[2001:db8::7]")).isTrue();
        assertThat(r.allowsIp("2001:db9::1")).isFalse();
        assertThat(r.allowsIp("::ffff:192.168.1.1")).isTrue();
    }

    @Test
    void missingOrGarbageAddressesAreRefusedWithoutNameResolution() {
        KeyRestrictions r = KeyRestrictions.compile(new Restrictions(List.of("0.0.0.0/0"), List.of()));
        assertThat(r.allowsIp("1.2.3.4")).isTrue();
        assertThat(r.allowsIp(null)).isFalse();
        assertThat(r.allowsIp("localhost")).isFalse();
        assertThat(r.allowsIp("example.com")).isFalse();
        assertThat(r.allowsIp("1.2.3")).isFalse();
        assertThat(r.allowsIp("1.2.3.256")).isFalse();
        assertThat(r.allowsIp("abc:xyz::1")).isFalse();
    }

    @Test
    void referrerPatternsMatchHostsExactlyOrBySubdomain() {
        KeyRestrictions r = KeyRestrictions.compile(new Restrictions(List.of(), List.of("app.example.com", "*.partner.io")));
        assertThat(r.restrictsIp()).isFalse();
        assertThat(r.allowsIp(null)).isTrue();
        assertThat(r.allowsReferrer("https://app.example.com/page?x=1")).isTrue();
        assertThat(r.allowsReferrer("https://APP.example.com:8443/")).isTrue();
        assertThat(r.allowsReferrer("app.example.com")).isTrue();
        assertThat(r.allowsReferrer("https://evil.app.example.com/")).isFalse();
        assertThat(r.allowsReferrer("https://x.partner.io/")).isTrue();
        assertThat(r.allowsReferrer("https://a.b.partner.io/")).isTrue();
        assertThat(r.allowsReferrer("https://partner.io/")).isFalse();
        assertThat(r.allowsReferrer("https://partner.io.evil.com/")).isFalse();
        assertThat(r.allowsReferrer("https://app.example.com@evil.com/")).isFalse();
        assertThat(r.allowsReferrer(null)).isFalse();
    }

    @Test
    void noRestrictionsCompileToNothing() {
        assertThat(KeyRestrictions.compile(Restrictions.NONE)).isNull();
        assertThat(KeyRestrictions.compile(null)).isNull();
    }
}
