package io.keyledger.support.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import org.junit.jupiter.api.Test;

class StableOperationIdsTest {

    @Test
    void aRepeatedNameTakesItsTagAndAUniqueOneStays() {
        OpenAPI api = new OpenAPI().paths(new Paths()
                .addPathItem("/v1/api-keys", new PathItem().post(op("create_1", "API keys")))
                .addPathItem("/v1/webhooks", new PathItem().post(op("create", "webhooks")).get(op("list_2", "webhooks")))
                .addPathItem("/v1/organizations", new PathItem().post(op("register", "organizations")))
                .addPathItem("/v1/admin/dead-letters", new PathItem().get(op("list_1", "dead-letter-controller"))));

        WireConventions.stableOperationIds(api);

        assertThat(api.getPaths().get("/v1/api-keys").getPost().getOperationId()).isEqualTo("apiKeysCreate");
        assertThat(api.getPaths().get("/v1/webhooks").getPost().getOperationId()).isEqualTo("webhooksCreate");
        assertThat(api.getPaths().get("/v1/organizations").getPost().getOperationId()).isEqualTo("register");
        assertThat(api.getPaths().get("/v1/webhooks").getGet().getOperationId()).isEqualTo("webhooksList");
        assertThat(api.getPaths().get("/v1/admin/dead-letters").getGet().getOperationId()).isEqualTo("deadLetterList");
        assertThat(api.getPaths().get("/v1/admin/dead-letters").getGet().getTags()).containsExactly("dead-letter");
    }

    private static Operation op(String id, String tag) {
        return new Operation().operationId(id).addTagsItem(tag);
    }
}
