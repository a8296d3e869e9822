package io.keyledger.command.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code Idempotency-Key} for creating requests (API.md): within 24 hours the same key with
 * the same body gets the same answer and the action runs once; with another body, 422. A
 * second request arriving while the first still runs gets 409, so two concurrent retries
 * cannot both create a key. Keys are scoped to the calling API key, so two callers can't
 * collide or read each other's answers.
 */
@Component
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final Duration RETENTION = Duration.ofHours(24);
    /** A pending record older than this belongs to a request that died; a retry may take it over. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(Idempotency.class);
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final int IV_LENGTH = 12;

    private final IdempotencyRecords records;
    private final TransactionTemplate tx;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private final DeploymentSecret secret;

    Idempotency(IdempotencyRecords records, TransactionTemplate tx, ObjectMapper mapper, Clock clock,
                DeploymentSecret secret) {
        this.secret = secret;
        this.records = records;
        this.tx = tx;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Runs {@code action} at most once per (caller, idempotency key) within 24 h, or answers
     * what it answered the first time.
     *
     * @param request the parsed request; its canonical JSON is what "the same body" means
     */
    public ResponseEntity<?> execute(String callerKeyId, String idempotencyKey, Object request,
                                     Supplier<ResponseEntity<?>> action) {
        if (idempotencyKey == null) {
            return action.get();
        }
        if (!VALID_KEY.matcher(idempotencyKey).matches()) {
            throw new IllegalArgumentException("Idempotency-Key must be 1–255 printable ASCII characters without spaces");
        }
        // keyed by the deployment secret, which the database does not hold: its rows test no guess and open nothing
        String id = hex(secret.derive("keyledger idempotency id v2", callerKeyId, idempotencyKey));
        String fingerprint = hex(secret.derive("keyledger idempotency body v2", canonical(request)));
        byte[] sealingKey = secret.derive("keyledger idempotency sealing key v2", callerKeyId, idempotencyKey, fingerprint);

        Optional<ResponseEntity<?>> earlier = claim(id, fingerprint, sealingKey);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        ResponseEntity<?> answer;
        try {
            answer = action.get();
        } catch (RuntimeException | Error e) {
            // nothing was created (or the creation is unknown): let the client retry with the same key
            tx.executeWithoutResult(s -> records.delete(id));
            throw e;
        }
        byte[] sealed = seal(sealingKey, body(answer));
        String location = answer.getHeaders().getFirst(HttpHeaders.LOCATION);
        tx.executeWithoutResult(s -> records.find(id)
                .ifPresent(r -> r.complete(answer.getStatusCode().value(), location, sealed)));
        return answer;
    }

    /** Empty: this request owns the key now. Present: the answer to give instead. */
    private Optional<ResponseEntity<?>> claim(String id, String fingerprint, byte[] sealingKey) {
        for (int attempt = 0; attempt < 2; attempt++) {
            Instant now = clock.instant();
            Optional<IdempotencyRecord> existing = tx.execute(s -> records.find(id));
            if (existing.isPresent()) {
                IdempotencyRecord record = existing.get();
                boolean expired = record.createdAt().isBefore(now.minus(RETENTION));
                boolean abandoned = !record.completed() && record.createdAt().isBefore(now.minus(ABANDONED_AFTER));
                if (!expired && !abandoned) {
                    if (!record.fingerprint().equals(fingerprint)) {
                        throw new IdempotencyMismatchException();
                    }
                    if (!record.completed()) {
                        throw new IdempotencyConflictException();
                    }
                    return Optional.of(replay(record, sealingKey));
                }
                tx.executeWithoutResult(s -> records.delete(id));
            }
            try {
                tx.executeWithoutResult(s -> records.insert(new IdempotencyRecord(id, fingerprint, now)));
                return Optional.empty();
            } catch (DataIntegrityViolationException | jakarta.persistence.PersistenceException raced) {
                log.debug("Idempotency-Key claimed concurrently; looking again");
            }
        }
        throw new IdempotencyConflictException();
    }

    private ResponseEntity<?> replay(IdempotencyRecord record, byte[] sealingKey) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(record.status())
                .header(REPLAYED_HEADER, "true")
                .contentType(MediaType.APPLICATION_JSON);
        if (record.location() != null) {
            answer.header(HttpHeaders.LOCATION, record.location());
        }
        return answer.body(unseal(sealingKey, record.sealedBody()));
    }

    @Scheduled(fixedDelayString = "${keyledger.idempotency.cleanup-interval:PT1H}")
    void deleteExpired() {
        Integer deleted = tx.execute(s -> records.deleteCreatedBefore(clock.instant().minus(RETENTION)));
        if (deleted != null && deleted > 0) {
            log.info("deleted {} idempotency records older than {}", deleted, RETENTION);
        }
    }

    private byte[] canonical(Object request) {
        try {
            return mapper.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("request cannot be written as JSON", e);
        }
    }

    private byte[] body(ResponseEntity<?> answer) {
        try {
            return mapper.writeValueAsBytes(answer.getBody());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answer cannot be written as JSON", e);
        }
    }

    private byte[] seal(byte[] key, byte[] plain) {
        try {
            byte[] iv = new byte[IV_LENGTH];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(IV_LENGTH + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is available in every JVM", e);
        }
    }

    private byte[] unseal(byte[] key, byte[] sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, sealed, 0, IV_LENGTH));
            return cipher.doFinal(sealed, IV_LENGTH, sealed.length - IV_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored idempotent answer cannot be opened", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
