package io.keyledger.command.bootstrap;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.CreateApiKeyCommand;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.Permissions;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.api.organizations.Plan;
import io.keyledger.api.organizations.RegisterOrganizationCommand;
import io.keyledger.command.keys.KeyGenerator;
import io.keyledger.command.organizations.OrganizationDirectory;
import io.keyledger.command.web.Commands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * First start (API.md, "Bootstrap"): registers organization {@value #ORGANIZATION_ID} (plan
 * enterprise) and one {@code admin:*} key, whose value comes from
 * {@code KEYLEDGER_BOOTSTRAP_ADMIN_KEY} or is generated and written once to
 * {@code $KEYLEDGER_DATA_DIR/bootstrap-admin.key} (mode 0600).
 *
 * <p>Both aggregates have fixed ids, so the event store's uniqueness of (aggregate, sequence)
 * decides who wins when two instances start at once: the loser's creation fails and it leaves
 * the winner's key alone. A generated key is written to a private pending file before it is
 * created and moved into place after; a crash between the two leaves the pending file, which
 * the next start recognises by its hash and moves into place, so the key is never lost.
 */
@Component("bootstrapRunner")
public class Bootstrap implements ApplicationRunner {

    public static final String ORGANIZATION_ID = "default";
    public static final String ADMIN_KEY_ID = "key_bootstrap_admin";
    static final String KEY_FILE = "bootstrap-admin.key";
    private static final String PENDING_SUFFIX = ".pending";

    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

    private final Commands commands;
    private final EventStore eventStore;
    private final OrganizationDirectory organizations;
    private final KeyGenerator generator;
    private final Path dataDir;
    private final String configuredKey;
    private volatile boolean done;

    Bootstrap(Commands commands, EventStore eventStore, OrganizationDirectory organizations, KeyGenerator generator,
              @Value("${keyledger.data-dir}") Path dataDir,
              @Value("${keyledger.bootstrap.admin-key:}") String configuredKey) {
        this.commands = commands;
        this.eventStore = eventStore;
        this.organizations = organizations;
        this.generator = generator;
        this.dataDir = dataDir.toAbsolutePath();
        this.configuredKey = configuredKey == null || configuredKey.isBlank() ? null : configuredKey.trim();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (configuredKey != null && !ApiKeyFormat.isWellFormed(configuredKey)) {
            // the value itself stays out of the message: it is meant to be a secret
            throw new IllegalStateException("KEYLEDGER_BOOTSTRAP_ADMIN_KEY is not a well-formed keyledger key "
                    + "(kl_live_ or kl_test_, 32–128 base62 characters and a valid checksum)");
        }
        ensureOrganization();
        ensureAdminKey();
        done = true;
    }

    /** Whether the bootstrap organization and admin key exist. */
    public boolean isDone() {
        return done;
    }

    private void ensureOrganization() {
        if (organizations.exists(ORGANIZATION_ID)) {
            return;
        }
        try {
            commands.sendAsSystem(new RegisterOrganizationCommand(ORGANIZATION_ID, "Default", Plan.ENTERPRISE));
            log.info("bootstrap: registered organization '{}' (plan enterprise)", ORGANIZATION_ID);
        } catch (RuntimeException e) {
            if (!organizations.exists(ORGANIZATION_ID)) {
                throw e;
            }
            log.info("bootstrap: organization '{}' was registered by another instance", ORGANIZATION_ID);
        }
    }

    private void ensureAdminKey() {
        Optional<ApiKeyCreatedEvent> existing = adminKeyCreation();
        if (existing.isPresent()) {
            if (configuredKey != null && !ApiKeyFormat.sha256Hex(configuredKey).equals(existing.get().keyHash())) {
                log.warn("bootstrap: KEYLEDGER_BOOTSTRAP_ADMIN_KEY is not the admin key created at the first start; "
                        + "it is ignored (the bootstrap only ever creates one key)");
            }
            recoverPendingFile(existing.get().keyHash());
            return;
        }
        if (configuredKey != null) {
            if (create(configuredKey)) {
                log.info("bootstrap: admin key {}… created from KEYLEDGER_BOOTSTRAP_ADMIN_KEY",
                        ApiKeyFormat.displayPrefix(configuredKey));
            }
            return;
        }
        String key = generator.generate(Environment.LIVE);
        Path pending = writePending(key);
        if (create(key)) {
            Path target = dataDir.resolve(KEY_FILE);
            move(pending, target);
            log.info("bootstrap: admin key {}… created; its value is in {}", ApiKeyFormat.displayPrefix(key), target);
        } else {
            delete(pending);
        }
    }

    /** @return false when another instance created the admin key first */
    private boolean create(String key) {
        try {
            commands.sendAsSystem(new CreateApiKeyCommand(ADMIN_KEY_ID, ORGANIZATION_ID, "bootstrap admin",
                    "created at first start; rotate it or revoke it once other admin keys exist",
                    new Owner(OwnerType.SYSTEM, "bootstrap"), ApiKeyFormat.environmentOf(key),
                    ApiKeyFormat.sha256Hex(key), ApiKeyFormat.displayPrefix(key), List.of(Permissions.ADMIN),
                    RateLimit.NONE, Restrictions.NONE, null, false));
            return true;
        } catch (RuntimeException e) {
            if (adminKeyCreation().isEmpty()) {
                throw e;
            }
            log.info("bootstrap: admin key was created by another instance");
            return false;
        }
    }

    private Optional<ApiKeyCreatedEvent> adminKeyCreation() {
        DomainEventStream stream = eventStore.readEvents(ADMIN_KEY_ID);
        if (stream.hasNext() && stream.next().getPayload() instanceof ApiKeyCreatedEvent created) {
            return Optional.of(created);
        }
        return Optional.empty();
    }

    private Path writePending(String key) {
        try {
            Files.createDirectories(dataDir);
            Path pending = dataDir.resolve(KEY_FILE + "." + UUID.randomUUID() + PENDING_SUFFIX);
            // created with 0600 from the start: the value is never readable by others, not even briefly
            Files.createFile(pending, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(pending, key + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
            return pending;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bootstrap admin key under " + dataDir, e);
        }
    }

    /** A start that died between creating the key and moving its file left it pending: finish the move. */
    private void recoverPendingFile(String adminKeyHash) {
        if (!Files.isDirectory(dataDir)) {
            return;
        }
        try (DirectoryStream<Path> pendings = Files.newDirectoryStream(dataDir, KEY_FILE + ".*" + PENDING_SUFFIX)) {
            for (Path pending : pendings) {
                String value = Files.readString(pending, StandardCharsets.US_ASCII).trim();
                if (ApiKeyFormat.sha256Hex(value).equals(adminKeyHash) && !Files.exists(dataDir.resolve(KEY_FILE))) {
                    move(pending, dataDir.resolve(KEY_FILE));
                    log.info("bootstrap: recovered the admin key file {}", dataDir.resolve(KEY_FILE));
                } else {
                    delete(pending);
                }
            }
        } catch (IOException e) {
            log.warn("bootstrap: cannot inspect pending key files in {}: {}", dataDir, e.toString());
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("cannot replace " + to, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the bootstrap admin key to " + to, e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("bootstrap: cannot delete {}: {}", path, e.toString());
        }
    }
}
