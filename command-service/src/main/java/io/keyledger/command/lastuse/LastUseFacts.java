package io.keyledger.command.lastuse;

import io.keyledger.command.keys.RenewalFacts;
import io.keyledger.command.organizations.OrganizationDirectory;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** What a key's renewal is judged by: its last use (this package) and its organization's lifetime cap. */
@Component
class LastUseFacts implements RenewalFacts {

    private final LastUse lastUse;
    private final OrganizationDirectory organizations;

    LastUseFacts(LastUse lastUse, OrganizationDirectory organizations) {
        this.lastUse = lastUse;
        this.organizations = organizations;
    }

    @Override
    public Instant lastUsed(String keyId) {
        return lastUse.lastUsed(keyId);
    }

    @Override
    public Integer maxKeyLifetimeDays(String organizationId) {
        return organizations.policy(organizationId).maxKeyLifetimeDays();
    }
}
