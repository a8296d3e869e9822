package io.keyledger.query.organizations;

import io.keyledger.query.keys.KeyDocuments;
import io.keyledger.query.projections.MongoWrites;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

@Configuration(proxyBeanMethods = false)
class OrganizationsConfiguration {

    @Bean
    MongoWrites organizationWrites(MongoTemplate mongo) {
        return new MongoWrites(mongo.getCollection(OrganizationProjection.COLLECTION), "sequence");
    }

    @Bean
    OrganizationProjection organizationProjection(MongoWrites organizationWrites) {
        return new OrganizationProjection(organizationWrites);
    }

    @Bean
    Organizations organizations(MongoTemplate mongo) {
        return new Organizations(mongo.getCollection(OrganizationProjection.COLLECTION),
                mongo.getCollection(KeyDocuments.COLLECTION));
    }

    @Bean
    OrganizationScope organizationScope(Organizations organizations) {
        return new OrganizationScope(organizations);
    }
}
