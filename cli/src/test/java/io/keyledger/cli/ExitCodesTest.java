package io.keyledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExitCodesTest {

    @ParameterizedTest(name = "HTTP {0} -> exit {1}")
    @CsvSource({
            "200, 0", "201, 0", "204, 0",
            "400, 5", "413, 5", "415, 5", "422, 5",
            "401, 2", "403, 2",
            "404, 3", "410, 3",
            "409, 4", "412, 4",
            "429, 7",
            "500, 6", "502, 6", "503, 6", "0, 6"})
    void everyStatusHasItsExitCode(int status, int exit) {
        assertThat(ExitCodes.forStatus(status)).isEqualTo(exit);
        if (status >= 400 || status == 0) {
            assertThat(new ApiException(status, "x", null).exitCode()).isEqualTo(exit);
        }
    }
}
