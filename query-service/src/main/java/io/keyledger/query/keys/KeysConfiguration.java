package io.keyledger.query.keys;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.keyledger.query.projections.MongoWrites;
import org.bson.Document;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The key read model: its collection, its indexes (created at start-up), writer and reader. */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

    @Bean
    MongoWrites keyWrites(MongoTemplate mongo) {
        MongoCollection<Document> keys = mongo.getCollection(KeyDocuments.COLLECTION);
        // list: organization + optional filters, newest first
        keys.createIndex(Indexes.compoundIndex(Indexes.ascending(KeyDocuments.ORGANIZATION_ID),
                Indexes.descending(KeyDocuments.CREATED_AT, KeyDocuments.ID)), new IndexOptions().name("org_created"));
        keys.createIndex(Indexes.compoundIndex(Indexes.ascending(KeyDocuments.ORGANIZATION_ID, KeyDocuments.STATUS),
                Indexes.descending(KeyDocuments.CREATED_AT)), new IndexOptions().name("org_status_created"));
        keys.createIndex(Indexes.compoundIndex(Indexes.ascending(KeyDocuments.ORGANIZATION_ID, KeyDocuments.ENVIRONMENT),
                Indexes.descending(KeyDocuments.CREATED_AT)), new IndexOptions().name("org_environment_created"));
        keys.createIndex(Indexes.ascending(KeyDocuments.ORGANIZATION_ID, KeyDocuments.OWNER + ".id"),
                new IndexOptions().name("org_owner"));
        // search (q=): prefix starts-with runs on this index; the name match filters the organization's keys
        keys.createIndex(Indexes.ascending(KeyDocuments.ORGANIZATION_ID, KeyDocuments.PREFIX),
                new IndexOptions().name("org_prefix"));
        // search (q=, prefix=) by equality on the terms each document keeps (SearchTerms)
        keys.createIndex(Indexes.ascending(KeyDocuments.ORGANIZATION_ID, KeyDocuments.NAME_TERMS),
                new IndexOptions().name("org_name_terms"));
        keys.createIndex(Indexes.ascending(KeyDocuments.ORGANIZATION_ID, KeyDocuments.PREFIX_TERMS),
                new IndexOptions().name("org_prefix_terms"));
        // expires_before= (the overview's keys expiring soon)
        keys.createIndex(Indexes.ascending(KeyDocuments.ORGANIZATION_ID, KeyDocuments.EXPIRES_AT),
                new IndexOptions().name("org_expires"));
        // the overview's most used keys start from the most recently used ones
        keys.createIndex(Indexes.compoundIndex(Indexes.ascending(KeyDocuments.ORGANIZATION_ID),
                Indexes.descending(KeyDocuments.LAST_USED)), new IndexOptions().name("org_last_used"));
        return new MongoWrites(keys, KeyDocuments.SEQUENCE);
    }

    @Bean
    KeyProjection keyProjection(MongoWrites keyWrites) {
        return new KeyProjection(keyWrites);
    }

    @Bean
    KeyQueries keyQueries(MongoWrites keyWrites) {
        return new KeyQueries(keyWrites.collection());
    }
}
