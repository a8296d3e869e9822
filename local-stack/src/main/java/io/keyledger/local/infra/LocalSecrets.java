package io.keyledger.local.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * Secrets the local stack generates once and keeps in its data directory: owner-only
 * files (0600) in an owner-only directory (0700). A secret is 32 random bytes, base64url.
 */
public final class LocalSecrets {

    /** The event store's password, read by the services through the environment. */
    public static final String EVENT_STORE_PASSWORD_FILE = "event-store.password";

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final SecureRandom RANDOM = new SecureRandom();

    private LocalSecrets() {
    }

    /** Creates {@code dir} (and parents) and narrows it to 0700. */
    public static Path ownerOnlyDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (POSIX) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        return dir;
    }

    /**
     * Narrows everything under {@code dir} to its owner: directories 0700, files 0600 (the
     * servers create their files with the JVM's umask, which Java cannot change; the
     * {@code ./keyledger} script sets umask 077 so later files are born owner-only too).
     */
    public static void narrowTree(Path dir) throws IOException {
        if (!POSIX || !Files.isDirectory(dir)) {
            return;
        }
        Set<PosixFilePermission> directory = PosixFilePermissions.fromString("rwx------");
        Set<PosixFilePermission> file = PosixFilePermissions.fromString("rw-------");
        try (var paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isSymbolicLink(path)) {
                    continue;
                }
                try {
                    Files.setPosixFilePermissions(path, Files.isDirectory(path) ? directory : file);
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a server removed it meanwhile (a rolled segment, a lock file)
                }
            }
        }
    }

    /** The secret in {@code dataDir/name}, generated and written (0600) the first time. */
    public static String readOrCreate(Path dataDir, String name) throws IOException {
        ownerOnlyDirectory(dataDir);
        Path file = dataDir.resolve(name);
        if (!Files.exists(file)) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Path tmp = dataDir.resolve(name + ".tmp");
            Files.deleteIfExists(tmp);
            FileAttribute<?>[] attrs = POSIX
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(Set.of(
                            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))}
                    : new FileAttribute<?>[0];
            Files.createFile(tmp, attrs);
            Files.writeString(tmp, secret, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file);
            } catch (FileAlreadyExistsException raced) {
                Files.deleteIfExists(tmp);
            }
        }
        String secret = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (secret.isEmpty()) {
            throw new IOException(file + " is empty: delete it to generate a new secret");
        }
        return secret;
    }
}
