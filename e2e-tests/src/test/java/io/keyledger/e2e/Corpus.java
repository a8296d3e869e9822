package io.keyledger.e2e;

import java.util.List;
import java.util.Random;

/** Hostile values for {@link HostileInputIT}: each method picks one at random from a family. */
final class Corpus {

    private Corpus() {
    }

    private static final List<String> MALFORMED = List.of(
            "{", "}", "[", "{\"name\":", "{\"name\":\"x\"", "{\"name\" \"x\"}", "{name:\"x\"}", "{'name':'x'}",
            "{\"name\":\"x\",}", "{\"name\":\"x\"}}", "{\"name\":\"x\"} trailing", "nul", "tru", "undefined",
            "NaN", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":-Infinity}", "{\"a\":0x10}", "{\"a\":01}",
            "{\"a\":.5}", "{\"a\":1.}", "{\"a\":+1}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\x41\"}", "{\"a\":\"unterminated}",
            "\"just a string\"", "42", "[]", "[{}]", "null", "{\"a\":/* comment */1}", "\uFEFF{}", "{\"\\u0000\":1}",
            "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00\\ud800\"}", "\u0000", "{\"a\":1}\u0000", "<xml/>",
            "name=x&plan=free", "{\"a\":[1,2,}", "{\"a\":[,]}", "{\"a\":{\"b\":}}", "{\"\":\"\"}",
            "{\"a\":\"" + "\\\\".repeat(1000) + "\"}");

    private static final List<String> CONTROL_AND_BIDI = List.of(
            "\u0000", "\u0001", "\u0007", "\b", "\t", "\n", "\r", "\u001b[31m", "\u007f", "\u0085", "\u00a0",
            "\u200b", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066",
            "\u2067", "\u2068", "\u2069", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\ud83d\ude00",
            "\u0301\u0301\u0301", "Ω", "ß", "İ", "\u3000", "\ud800", "\udfff");

    private static final List<String> INJECTIONS = List.of(
            "' OR '1'='1", "'; DROP TABLE domain_event_entry; --", "\" OR \"\"=\"", "1; SELECT * FROM token_entry",
            "admin'--", "$where", "$gt", "{\"$gt\": \"\"}", "'; return true; var x='", "${jndi:ldap://127.0.0.1/a}",
            "#{7*7}", "{{7*7}}", "%s%s%s%n", "%x%x", "../../../../etc/passwd", "..\\..\\windows\\win.ini",
            "<script>alert(1)</script>", "javascript:alert(1)", "\r\nSet-Cookie: a=b", "*", "**", "*:*", ":", "a:",
            ":b", "admin:*", "keys:*", "*:write", "kl_live_", "kl_live_" + "A".repeat(46), "kl_test_x", "kl_",
            "0", "-1", "true", "null", "NaN", "1e309", "", " ", "  leading", "trailing  ", "x".repeat(101),
            "x".repeat(5000), "127.0.0.1/33", "::1/129", "0.0.0.0/0", "999.1.1.1", "10.0.0.0/-1", "a".repeat(300) + ".com");

    private static final List<String> OPERATORS = List.of(
            "{\"$gt\": \"\"}", "{\"$ne\": null}", "{\"$where\": \"sleep(1000)\"}", "{\"$regex\": \".*\"}",
            "{\"$in\": [\"a\", \"b\"]}", "{\"$exists\": true}", "{\"$expr\": {\"$eq\": [1, 1]}}", "[{\"$gt\": \"\"}]",
            "{\"$or\": [{}, {}]}", "{\"__proto__\": {\"admin\": true}}", "{\"constructor\": {\"prototype\": {}}}",
            "{\"@class\": \"java.lang.Runtime\"}", "[\"java.util.HashMap\", {}]", "{\"$numberLong\": \"1\"}",
            "{\"$oid\": \"000000000000000000000000\"}");

    static String malformed(String valid, Random random) {
        return switch (random.nextInt(4)) {
            case 0, 1 -> MALFORMED.get(random.nextInt(MALFORMED.size()));
            case 2 -> valid.substring(0, random.nextInt(Math.max(1, valid.length())));
            default -> {
                char[] chars = valid.toCharArray();
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    String noise = "{}[]\",:\\ \u0000x1";
                    chars[random.nextInt(chars.length)] = noise.charAt(random.nextInt(noise.length()));
                }
                yield new String(chars);
            }
        };
    }

    static String wrongType(Random random) {
        return List.of("0", "1", "-1", "1.5", "true", "false", "null", "[]", "{}", "[1,2,3]", "\"\"", "\"x\"",
                "[\"a\",[\"b\"]]", "{\"type\":\"user\"}", "[null]", "{\"a\":{}}").get(random.nextInt(16));
    }

    static String hugeNumber(Random random) {
        return List.of("1e400", "-1e400", "123456789012345678901234567890", "9223372036854775807", "9223372036854775808",
                "-9223372036854775809", "2147483648", "-2147483649", "4294967296", "1e-400", "0.000000000000000000001",
                "-0", "1" + "0".repeat(5000), "1e2147483647", "1.7976931348623157E309", "604801", "-604800",
                "604800", "1e6").get(random.nextInt(19));
    }

    static String deepNesting(Random random) {
        int depth = new int[] {64, 256, 1001, 5000, 20_000}[random.nextInt(5)];
        boolean arrays = random.nextBoolean();
        StringBuilder b = new StringBuilder(depth * 7);
        for (int i = 0; i < depth; i++) {
            b.append(arrays ? "[" : "{\"a\":");
        }
        b.append("1");
        for (int i = 0; i < depth; i++) {
            b.append(arrays ? "]" : "}");
        }
        return b.toString();
    }

    static String hostileString(Random random) {
        StringBuilder b = new StringBuilder();
        int parts = 1 + random.nextInt(4);
        for (int i = 0; i < parts; i++) {
            switch (random.nextInt(3)) {
                case 0 -> b.append(CONTROL_AND_BIDI.get(random.nextInt(CONTROL_AND_BIDI.size())));
                case 1 -> b.append(INJECTIONS.get(random.nextInt(INJECTIONS.size())));
                default -> b.append("name");
            }
        }
        return b.toString();
    }

    static String operator(Random random) {
        return OPERATORS.get(random.nextInt(OPERATORS.size()));
    }

    static String fieldName(Random random) {
        return List.of("$gt", "__proto__", "unknown_field", "organizationId", "keyHash", "key_hash", "status", "version",
                "id", "is_admin", "a".repeat(2000), "name\u0000", "\u202ename", "", "@class").get(random.nextInt(15));
    }

    static String contentType(Random random) {
        return List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=EBCDIC", "application/json; charset=utf-32",
                "application/*", "*/*", "application/json;;;", "application/vnd.api+json", "application/problem+json",
                "json", "application/json; boundary=\"" + "x".repeat(2000) + "\"").get(random.nextInt(13));
    }

    static String pathSegment(Random random) {
        return List.of("..", "../..", "../../actuator/env", "%2e%2e", "%00", "\u0000", "a\u0000b", "\u202e",
                "' OR 1=1 --", "{\"$gt\": \"\"}", "$gt", "x".repeat(3000), "x".repeat(70_000), ";jsessionid=1",
                ";a=b", "null", "undefined", "-1", "0", "00000000-0000-0000-0000-000000000000", "*", "%",
                "\\", "/", "//", "a/b", "\ud83d\ude00", "İ", "\r\n", " ", "kl_live_" + "A".repeat(46))
                .get(random.nextInt(31));
    }

    static String queryValue(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> hugeNumber(random);
            case 1 -> operator(random);
            case 2 -> hostileString(random);
            case 3 -> List.of("-1", "0", "1000000", "abc", "", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                    "-999999999-01-01T00:00:00Z", "2026-13-45T25:61:61Z", "2026-01-01", "yesterday", "1700000000",
                    "month", "second", "year", "csv", "xml", "NDJSON", "REVOKED", "ACTIVE", "*").get(random.nextInt(21));
            default -> "x".repeat(1 + random.nextInt(9000));
        };
    }

    static String headerName(HostileInputIT.Endpoint endpoint, Random random) {
        List<String> names = switch (endpoint.svc()) {
            case VALIDATOR -> List.of("X-API-Key", "Authorization", "X-Organization-Api-Key", "X-Original-URI",
                    "X-Required-Permission", "X-Forwarded-For", "X-Real-IP", "User-Agent", "Referer", "X-Anything");
            default -> List.of("Authorization", "Idempotency-Key", "If-Match", "X-Forwarded-For", "User-Agent",
                    "Accept", "X-Correlation-Id", "X-Request-Id", "Accept-Language", "X-Anything");
        };
        return names.get(random.nextInt(names.size()));
    }

    static String hostileHeaderValue(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> CONTROL_AND_BIDI.get(random.nextInt(CONTROL_AND_BIDI.size())) + "value";
            case 1 -> INJECTIONS.get(random.nextInt(INJECTIONS.size())).replace("\r", "").replace("\n", "");
            case 2 -> "\"" + "9".repeat(1 + random.nextInt(40)) + "\"";
            default -> "W/\"" + random.nextLong() + "\", *, \"-1\"";
        };
    }

    static String hostileCredential(Random random) {
        return List.of("Bearer", "Bearer ", "Bearer  ", "bearer x", "Basic YWRtaW46YWRtaW4=", "Bearer {\"$gt\": \"\"}",
                "Bearer ' OR 1=1 --", "Bearer kl_live_" + "A".repeat(46), "Bearer kl_live_" + "A".repeat(5000),
                "Bearer \u202ekl_live_x", "Bearer kl_live_\u0000", "Bearer " + "x".repeat(7000), "kl_test_", "",
                "Bearer kl_live_" + "é".repeat(46), "Bearer a, Bearer b", "Digest username=\"x\"")
                .get(random.nextInt(17));
    }

    static String rawTarget(String path, Random random) {
        return List.of(path + "/../../actuator/env", path + "/%2e%2e/%2e%2e/actuator", path + "%00", path + "?%zz",
                path + "?a=%", path + "#frag", "*", "http://evil.example/" + path, path.replace("/", "//"),
                path + ";x=y", path + "/\u202e", path + "?" + "a=1&".repeat(3000), path + "/" + "x".repeat(9000),
                path + "?limit=1&limit=2", "/" + "%41".repeat(2000), path.toUpperCase(), path + "/.",
                path + "\\..\\..").get(random.nextInt(18));
    }
}
