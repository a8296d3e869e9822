package io.keyledger.command.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.command.CommandServiceTest;
import io.keyledger.command.Http;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Creations sent at the same moment commit together (web.GroupCommit): a rejected one among
 * them must not take its batch-mates down, and every 201 must name a stored key.
 */
class ConcurrentCreationWebTest extends CommandServiceTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void concurrentCreationsAreEachStoredOrEachRejected() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int clients = 16;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Http.Answer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < clients * 8; i++) {
                // every third one breaks a rule that only the aggregate checks: an empty name
                String name = i % 3 == 0 ? "" : "batched " + run + " " + i;
                answers.add(pool.submit(() -> admin().post("/v1/api-keys", "{\"name\":\"" + name + "\"}")));
            }
            List<String> created = new ArrayList<>();
            for (int i = 0; i < answers.size(); i++) {
                Http.Answer answer = answers.get(i).get();
                if (i % 3 == 0) {
                    assertProblem(answer, 400, "name");
                } else {
                    assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
                    created.add(answer.json().get("id").asText());
                }
            }
            for (String id : created) {
                assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                        Integer.class, id)).as(id).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
