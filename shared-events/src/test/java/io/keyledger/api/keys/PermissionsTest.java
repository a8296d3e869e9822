package io.keyledger.api.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PermissionsTest {

    @Test
    void syntaxIsResourceColonAction() {
        assertThat(Permissions.isValid("tasks:read")).isTrue();
        assertThat(Permissions.isValid("projects:*")).isTrue();
        assertThat(Permissions.isValid("*:read")).isTrue();
        assertThat(Permissions.isValid("tasks")).isFalse();
        assertThat(Permissions.isValid("tasks:read:extra")).isFalse();
        assertThat(Permissions.isValid("Tasks:Read")).isFalse();
        assertThat(Permissions.isValid("{\"$gt\":\"\"}")).isFalse();
    }

    @Test
    void wildcardsCoverTheirPart() {
        assertThat(Permissions.grants("projects:*", "projects:delete")).isTrue();
        assertThat(Permissions.grants("*:read", "tasks:read")).isTrue();
        assertThat(Permissions.grants("*:read", "tasks:write")).isFalse();
        assertThat(Permissions.grants("tasks:read", "tasks:readall")).isFalse();
        assertThat(Permissions.grants("task:read", "tasks:read")).isFalse();
    }

    @Test
    void adminGrantsEverything() {
        assertThat(Permissions.grants(List.of("admin:*"), "keys:write")).isTrue();
        assertThat(Permissions.grants(List.of("tasks:read"), "keys:write")).isFalse();
    }
}
