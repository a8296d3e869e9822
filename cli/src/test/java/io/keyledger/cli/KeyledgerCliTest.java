package io.keyledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line itself, without a server: usage errors, completion, the --api-key warning. */
class KeyledgerCliTest {

    record Run(int exit, String out, String err) {
    }

    static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = KeyledgerCli.run(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unknownCommandsAndFlagsAreUsageErrorsWithASuggestion() {
        Run run = run(Map.of(), "keys", "lst");
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Unmatched argument").contains("keys list");
        assertThat(run(Map.of(), "keys", "list", "--bogus").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run(Map.of(), "keys").err()).contains("missing subcommand: list, show, create");
        assertThat(run(Map.of()).exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void withoutAKeyACallIsRefusedBeforeAnyRequest() {
        Run run = run(Map.of(), "keys", "list");
        assertThat(run.exit()).isEqualTo(ExitCodes.AUTH);
        assertThat(run.err()).contains("no API key: set KEYLEDGER_API_KEY or give --key-file FILE");
    }

    @Test
    void aKeyOnTheCommandLineIsWarnedAbout() {
        // port 9 (discard) on loopback: nothing answers, so the call fails as a network error
        Run run = run(Map.of(), "--api-key", "kl_x", "--query-url", "http://127.0.0.1:9", "keys", "list");
        assertThat(run.err()).contains("warning: a key given with --api-key is visible in shell history");
        assertThat(run.exit()).isEqualTo(ExitCodes.SERVER);
        assertThat(run.err()).doesNotContain("kl_x");
    }

    @Test
    void completionIsABashScriptForEveryCommand() {
        Run run = run(Map.of(), "completion", "bash");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("#!/usr/bin/env bash").contains("keys").contains("import").contains("webhooks")
                .contains("complete -F");
    }

    @Test
    void theHelpListsTheExitCodes() {
        Run run = run(Map.of(), "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Exit codes:").contains("2   authentication").contains("7   rate limited");
    }
}
