package io.keyledger.command.leaks;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.command.keys.InvalidFieldException;
import io.keyledger.command.keys.KeyRules;

/**
 * Whatever JSON arrives, a leak report is read as a bounded report or refused naming a field; nothing else is thrown.
 * The seeds ({@code LeakReportFuzzTestInputs}) and the dictionary start the fuzzer from reports shaped like real
 * ones, so that it reaches the field rules rather than JSON syntax errors only.
 */
class LeakReportFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"\"keys\"", "\"source_url\"", "\"reporter\"", "https://", "http://", "kl_live_", "kl_test_", "null"})
    void anyBodyIsABoundedReportOrAFieldError(byte[] body) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (java.io.IOException e) {
            return; // Spring answers 400 before the parser is reached
        }
        if (tree == null) {
            return;
        }
        try {
            LeakReport report = LeakReport.parse(tree, 100, 256);
            assertThat(report.keys()).isNotEmpty().hasSizeLessThanOrEqualTo(100);
            assertThat(report.keys()).allMatch(k -> k != null && k.length() <= 256);
            assertThat(report.sourceUrl() == null || report.sourceUrl().length() <= KeyRules.MAX_SOURCE_URL_LENGTH).isTrue();
            assertThat(report.sourceUrl() == null || report.sourceUrl().matches("(?i)https?:.*")).isTrue();
            assertThat(report.reporter() == null
                    || report.reporter().codePointCount(0, report.reporter().length()) <= KeyRules.MAX_REPORTER_LENGTH).isTrue();
        } catch (InvalidFieldException refused) {
            assertThat(refused.field()).isNotBlank().hasSizeLessThanOrEqualTo(70);
        }
    }
}
