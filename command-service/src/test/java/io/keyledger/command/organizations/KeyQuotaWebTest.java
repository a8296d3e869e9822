package io.keyledger.command.organizations;

import io.keyledger.command.CommandServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

class KeyQuotaWebTest extends CommandServiceTest {

    @Autowired
    KeyQuota quota;
    @Value("${keyledger.keys.max-per-organization:10000}")
    int max;

    @Test
    void anOrganizationAtItsLimitGets409() {
        String org = registerOrganization("Full", "free");
        // the processor would count these from the event stream; feeding them directly fills the quota fast
        for (int i = 1; i < max; i++) {
            quota.on(KeyQuotaTest.created("key_synthetic_" + i, org));
        }
        createKey("{\"name\":\"last one\",\"organization_id\":\"" + org + "\"}");
        assertProblem(admin().post("/v1/api-keys", "{\"name\":\"one too many\",\"organization_id\":\"" + org + "\"}"),
                409, "limit of " + max);
    }
}
