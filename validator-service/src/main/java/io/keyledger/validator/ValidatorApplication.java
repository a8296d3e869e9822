package io.keyledger.validator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * validator-service: answers "may this key do this, now?" from an in-memory set built from
 * the key events, and logs every attempt to Kafka (DESIGN.md §4).
 */
@SpringBootApplication
@EnableScheduling
public class ValidatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(ValidatorApplication.class, args);
    }
}
