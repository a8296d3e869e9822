package io.keyledger.command.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names (API.md "Input rules"): at least one visible character; no control, format, separator or private-use code point. */
class KeyRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"\u3164", "\u3164\u3164", "\u00a0\u00a0", "\u2800", "\u115f\u1160", "\uffa0", " \u2007 ",
            "a\u2028b", "a\u2029b", "a\u200bb", "a\u202eb", "a\u0007b", "\ue000private", "a\nb"})
    void namesThatLookBlankOrHideCharactersAreRefused(String name) {
        assertThatThrownBy(() -> KeyRules.name(name)).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("name: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"billing sync", "Überweisung", "請求", "a\u00a0b", "🔑 key", "x"})
    void namesWithSomethingVisibleAreKept(String name) {
        assertThat(KeyRules.name(name)).isEqualTo(name);
    }
}
