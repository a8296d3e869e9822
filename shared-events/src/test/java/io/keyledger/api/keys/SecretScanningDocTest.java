package io.keyledger.api.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/secret-scanning.md cannot drift from the key format: its blocks — the regular expressions,
 * the gitleaks and GitLab rules, the GitHub custom pattern and the checksum rule — are read from
 * the page itself and run over a corpus of real keys, one-character typos, lookalikes with bad
 * checksums and near misses, embedded in JSON, YAML, shell, URLs and source code. Each scanner the
 * page describes must find exactly the real keys once its candidates pass the page's checksum rule,
 * and the checksum rule must be what drops the lookalikes (the patterns alone find them too).
 */
class SecretScanningDocTest {

    private static final Path DOC = Path.of("..", "docs", "secret-scanning.md");

    private static Map<String, String> blocks;
    private static Corpus corpus;

    @BeforeAll
    static void read() throws IOException {
        blocks = fencedBlocks(Files.readString(DOC, StandardCharsets.UTF_8));
        corpus = Corpus.build(new Random(20261207L));
    }

    @Test
    void thePageHasEveryBlockTheTestReads() {
        assertThat(blocks).containsKeys("secret-format", "full", "checksum-rule", "gitleaks", "gitlab",
                "github-secret-format", "github-before-secret", "github-after-secret", "example-key",
                "checksum-reference");
    }

    @Test
    void theExampleKeyIsAWellFormedTestKeyThatTheChecksumRuleAccepts() {
        String example = blocks.get("example-key").strip();
        assertThat(ApiKeyFormat.isWellFormed(example)).isTrue();
        assertThat(example).startsWith("kl_test_");
        assertThat(checksumRule().test(example)).isTrue();
        assertThat(Pattern.compile(blocks.get("full").strip()).matcher(example).matches()).isTrue();
    }

    @Test
    void theChecksumRuleAgreesWithTheKeyFormatOnEveryCandidate() {
        ChecksumRule rule = checksumRule();
        int accepted = 0;
        for (String candidate : corpus.candidates()) {
            assertThat(rule.test(candidate)).as(candidate).isEqualTo(ApiKeyFormat.isWellFormed(candidate));
            accepted += rule.test(candidate) ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(corpus.real().size());
    }

    @Test
    void theFullRegexWithTheChecksumFindsExactlyTheRealKeys() {
        Pattern full = Pattern.compile(blocks.get("full").strip());
        assertFindsExactlyTheRealKeys(text -> findAll(full, text, 0));
    }

    @Test
    void theSecretFormatIsTheFullRegexWithoutItsBoundaries() {
        assertThat(blocks.get("full").strip()).isEqualTo("\\b" + blocks.get("secret-format").strip() + "\\b");
        assertThat(blocks.get("github-secret-format").strip()).isEqualTo(blocks.get("secret-format").strip());
    }

    @Test
    void theGitleaksRuleWithTheChecksumFindsExactlyTheRealKeys() {
        Map<String, String> rule = tomlRule(blocks.get("gitleaks"));
        assertThat(rule.get("id")).isEqualTo("keyledger-api-key");
        Pattern regex = Pattern.compile(rule.get("regex"));
        double entropy = Double.parseDouble(rule.get("entropy"));
        List<String> keywords = tomlStrings(rule.get("keywords"));
        // gitleaks only runs a rule on text holding one of its keywords, and drops matches under its entropy
        assertFindsExactlyTheRealKeys(text -> keywords.stream().anyMatch(text::contains)
                ? findAll(regex, text, 0).stream().filter(m -> shannon(m) >= entropy).toList() : List.of());
        double lowest = corpus.real().stream().mapToDouble(SecretScanningDocTest::shannon).min().orElseThrow();
        assertThat(lowest).as("the lowest entropy of a real key").isGreaterThanOrEqualTo(4.0);
        // placeholders fall under the entropy limit
        assertThat(shannon("kl_live_" + "0".repeat(46))).isLessThan(entropy);
        assertThat(shannon("kl_test_" + "x".repeat(40) + "abcdef")).isLessThan(entropy);
    }

    @Test
    void theGitLabRulesetPassesGitleaksTheSameRule() {
        String gitlab = blocks.get("gitlab");
        Matcher value = Pattern.compile("value\\s*=\\s*\"\"\"\\n(.*?)\"\"\"", Pattern.DOTALL).matcher(gitlab);
        assertThat(value.find()).isTrue();
        // a TOML basic string: \\ is one backslash
        String passedThrough = value.group(1).replace("\\\\", "\\");
        assertThat(passedThrough).contains("[extend]");
        int rules = passedThrough.indexOf("[[rules]]");
        assertThat(tomlRule(passedThrough.substring(rules))).isEqualTo(tomlRule(blocks.get("gitleaks")));
    }

    @Test
    void theGitHubCustomPatternWithTheChecksumFindsExactlyTheRealKeys() {
        // GitHub matches before-secret, secret format and after-secret in a row and reports the middle;
        // as lookarounds the context is not consumed, like GitHub's (two keys one comma apart are both found)
        Pattern github = Pattern.compile("(?<=" + blocks.get("github-before-secret").strip() + ")"
                + blocks.get("github-secret-format").strip()
                + "(?=" + blocks.get("github-after-secret").strip() + ")");
        assertFindsExactlyTheRealKeys(text -> findAll(github, text, 0));
    }

    @Test
    void thePythonReferenceUsesTheSamePatternAndAlphabet() {
        String python = blocks.get("checksum-reference");
        assertThat(python).contains("ALPHABET = \"" + checksumParameters().get("alphabet") + "\"");
        assertThat(python).contains("zlib.crc32(");
        assertThat(python).contains(blocks.get("secret-format").strip());
        assertThat(python).contains("range(" + checksumParameters().get("checksum-length") + ")");
    }

    private void assertFindsExactlyTheRealKeys(Function<String, List<String>> scanner) {
        ChecksumRule rule = checksumRule();
        Set<String> found = new LinkedHashSet<>();
        Set<String> candidates = new LinkedHashSet<>();
        for (String document : corpus.documents()) {
            for (String match : scanner.apply(document)) {
                candidates.add(match);
                if (rule.test(match)) {
                    found.add(match);
                }
            }
        }
        assertThat(found).containsExactlyInAnyOrderElementsOf(corpus.real());
        // the pattern alone also finds typos and lookalikes: the checksum is what drops them
        assertThat(candidates).containsAll(corpus.typos()).containsAll(corpus.lookalikes());
        assertThat(candidates).doesNotContainAnyElementsOf(corpus.nearMisses());
    }

    private static List<String> findAll(Pattern pattern, String text, int group) {
        List<String> out = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            out.add(m.group(group));
        }
        return out;
    }

    // ---- the checksum rule, as the page states it

    interface ChecksumRule {
        boolean test(String candidate);
    }

    private static Map<String, String> checksumParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String line : blocks.get("checksum-rule").split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                parameters.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return parameters;
    }

    /** The rule built from the page's parameters alone: alphabet, length, the CRC it names, base-62 big-endian. */
    private static ChecksumRule checksumRule() {
        Map<String, String> p = checksumParameters();
        String alphabet = p.get("alphabet");
        int length = Integer.parseInt(p.get("checksum-length"));
        assertThat(p.get("crc")).startsWith("CRC-32/ISO-HDLC").contains("java.util.zip.CRC32");
        assertThat(p.get("input")).contains("every character before the checksum").contains("one byte each");
        assertThat(p.get("encoding")).contains("most significant digit first").contains("left-padded");
        assertThat(alphabet).hasSize(62);
        return candidate -> {
            if (candidate.length() <= length) {
                return false;
            }
            String body = candidate.substring(0, candidate.length() - length);
            CRC32 crc = new CRC32();
            crc.update(body.getBytes(StandardCharsets.US_ASCII));
            long value = crc.getValue();
            char[] expected = new char[length];
            for (int i = length - 1; i >= 0; i--) {
                expected[i] = alphabet.charAt((int) (value % alphabet.length()));
                value /= alphabet.length();
            }
            return value == 0 && new String(expected).equals(candidate.substring(candidate.length() - length));
        };
    }

    // ---- reading the page

    /** Fenced blocks by the second word of their info string (```regex full → "full"). */
    static Map<String, String> fencedBlocks(String markdown) {
        Map<String, String> found = new LinkedHashMap<>();
        Matcher m = Pattern.compile("^```\\S+ ([\\w-]+)\\n(.*?)^```$", Pattern.MULTILINE | Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            found.put(m.group(1), m.group(2));
        }
        return found;
    }

    /** The keys of the first {@code [[rules]]} table; literal strings ('''…''', '…') and basic ones ("…") unquoted. */
    static Map<String, String> tomlRule(String toml) {
        Map<String, String> rule = new LinkedHashMap<>();
        boolean inRule = false;
        for (String line : toml.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.equals("[[rules]]")) {
                if (inRule) {
                    break;
                }
                inRule = true;
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (!inRule || eq < 0 || trimmed.startsWith("#")) {
                continue;
            }
            String value = trimmed.substring(eq + 1).strip();
            if (value.startsWith("'''") && value.endsWith("'''")) {
                value = value.substring(3, value.length() - 3);
            } else if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            rule.put(trimmed.substring(0, eq).strip(), value);
        }
        return rule;
    }

    static List<String> tomlStrings(String array) {
        return findAll(Pattern.compile("\"([^\"]*)\""), array, 1);
    }

    /** Shannon entropy in bits per character, as gitleaks computes it over a match. */
    static double shannon(String s) {
        Map<Character, Integer> counts = new LinkedHashMap<>();
        for (char c : s.toCharArray()) {
            counts.merge(c, 1, Integer::sum);
        }
        double bits = 0;
        for (int count : counts.values()) {
            double p = (double) count / s.length();
            bits -= p * (Math.log(p) / Math.log(2));
        }
        return bits;
    }

    // ---- the corpus

    record Corpus(List<String> real, List<String> typos, List<String> lookalikes, List<String> nearMisses,
                  List<String> documents) {

        private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

        List<String> candidates() {
            List<String> all = new ArrayList<>(real);
            all.addAll(typos);
            all.addAll(lookalikes);
            return all;
        }

        static Corpus build(Random random) {
            List<String> real = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Environment env = i % 3 == 0 ? Environment.TEST : Environment.LIVE;
                int length = switch (i % 5) {
                    case 0 -> ApiKeyFormat.MIN_RANDOM_LENGTH;
                    case 1 -> ApiKeyFormat.MAX_RANDOM_LENGTH;
                    case 2 -> ApiKeyFormat.MIN_RANDOM_LENGTH + random.nextInt(97);
                    default -> ApiKeyFormat.DEFAULT_RANDOM_LENGTH;
                };
                real.add(ApiKeyFormat.generate(env, length, random));
            }
            List<String> typos = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                // one character changed, anywhere after the prefix: random part or checksum
                String key = real.get(i);
                int at = 8 + random.nextInt(key.length() - 8);
                char replacement;
                do {
                    replacement = BASE62.charAt(random.nextInt(62));
                } while (replacement == key.charAt(at));
                typos.add(key.substring(0, at) + replacement + key.substring(at + 1));
            }
            List<String> lookalikes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                StringBuilder s = new StringBuilder(i % 2 == 0 ? "kl_live_" : "kl_test_");
                int length = 38 + random.nextInt(97);
                for (int j = 0; j < length; j++) {
                    s.append(BASE62.charAt(random.nextInt(62)));
                }
                if (!ApiKeyFormat.isWellFormed(s)) {
                    lookalikes.add(s.toString());
                }
            }
            // a real key with its last character dropped and another one added is a lookalike too
            lookalikes.add(real.get(4).substring(0, real.get(4).length() - 1));
            lookalikes.add(real.get(4) + "Q");
            // strings no pattern may match: wrong prefix or env, too short, too long, inside a longer word
            assertThat(real.get(4)).startsWith("kl_live_").hasSize(8 + ApiKeyFormat.DEFAULT_RANDOM_LENGTH + 6);
            List<String> nearMisses = new ArrayList<>(List.of(
                    real.get(4).replace("kl_live_", "kl_prod_"),
                    real.get(4).replace("kl_live_", "KL_LIVE_"),
                    real.get(4).replace("kl_live_", "kl-live-"),
                    "kl_live_" + real.get(4).substring(8, 8 + 37),
                    real.get(1) + "abcdefghij"));
            assertThat(real.get(1)).hasSize(8 + ApiKeyFormat.MAX_RANDOM_LENGTH + 6);
            List<String> documents = new ArrayList<>();
            List<Function<String, String>> shapes = List.of(
                    k -> "{\"name\": \"billing\", \"api_key\": \"" + k + "\", \"retries\": 3}",
                    k -> "service:\n  keyledger:\n    key: " + k + "\n    url: https://api.example.com\n",
                    k -> "export KEYLEDGER_KEY=" + k + "\ncurl -H \"Authorization: Bearer " + k + "\" https://api.example.com/v1\n",
                    k -> "GET https://api.example.com/v1/tasks?api_key=" + k + "&page=2 HTTP/1.1",
                    k -> "    private static final String KEY = \"" + k + "\"; // hard-coded: the kind of line a scanner must catch",
                    k -> "KEYLEDGER_KEY='" + k + "'",
                    k -> "- `" + k + "` was pasted in the wiki",
                    k -> "<key>" + k + "</key>",
                    k -> "key=" + k);
            List<String> all = new ArrayList<>(real);
            all.addAll(typos);
            all.addAll(lookalikes);
            for (int i = 0; i < all.size(); i++) {
                documents.add(shapes.get(i % shapes.size()).apply(all.get(i)));
            }
            // several on one line, one character apart, and at the very start and end of a text
            documents.add(real.get(10) + "," + real.get(11) + "," + typos.get(12));
            documents.add(real.get(13));
            for (String miss : nearMisses) {
                documents.add("config: " + miss + "\n");
            }
            return new Corpus(real, typos, lookalikes, nearMisses, documents);
        }
    }
}
