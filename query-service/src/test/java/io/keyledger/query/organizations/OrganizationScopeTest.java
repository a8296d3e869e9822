package io.keyledger.query.organizations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.keyledger.api.keys.Environment;
import io.keyledger.support.auth.Caller;
import io.keyledger.support.web.NotFoundException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code organization_id} rule as data: caller kind × organization named → organization read, or 404. */
class OrganizationScopeTest {

    final Organizations organizations = mock(Organizations.class);
    final OrganizationScope scope = new OrganizationScope(organizations);

    @ParameterizedTest(name = "{0} naming ''{1}'' reads {2}")
    @CsvSource(nullValues = "null", value = {
            // caller, organization_id, organization read (404: refused)
            "admin,  null,    org-a",
            "admin,  '',      org-a",
            "admin,  org-a,   org-a",
            "admin,  org-b,   org-b",
            "admin,  unknown, 404",
            "reader, null,    org-a",
            "reader, org-a,   org-a",
            "reader, org-b,   404",
            "reader, unknown, 404",
            "auditor, org-b,  404",
            "writer-with-wildcard, org-b, 404",
    })
    void onlyAnAdminNamesAnotherOrganizationAndOnlyAKnownOne(String kind, String requested, String expected) {
        when(organizations.exists("org-a")).thenReturn(true);
        when(organizations.exists("org-b")).thenReturn(true);
        Caller caller = new Caller("key-1", "org-a", switch (kind) {
            case "admin" -> List.of("admin:*");
            case "reader" -> List.of("keys:read");
            case "auditor" -> List.of("audit:read");
            default -> List.of("keys:*", "audit:*");
        }, Environment.LIVE);
        if (expected.equals("404")) {
            assertThatThrownBy(() -> scope.resolve(caller, requested))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("no organization " + requested);
        } else {
            assertThat(scope.resolve(caller, requested)).isEqualTo(expected);
        }
    }
}
