package io.keyledger.command.idempotency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The deployment's own secret, which is never in the database (DESIGN §8): keys derived from it
 * seal what the database keeps (idempotent create answers), so a copy of the database alone opens
 * nothing and tests no guess. {@code KEYLEDGER_DEPLOYMENT_SECRET} when set (every instance of a
 * deployment must share it), else {@code $KEYLEDGER_DATA_DIR/deployment.secret}, generated once
 * (32 random bytes, file 0600). Losing it only forgets the sealed answers (24 h of retries).
 */
@Component
public class DeploymentSecret {

    static final String FILE = "deployment.secret";

    private final byte[] secret;

    @Autowired
    DeploymentSecret(@Value("${keyledger.deployment-secret:}") String configured,
                     @Value("${keyledger.data-dir}") Path dataDir) {
        this.secret = configured.isBlank() ? readOrCreate(dataDir.resolve(FILE)) : configured.getBytes(StandardCharsets.UTF_8);
    }

    public DeploymentSecret(byte[] secret) {
        this.secret = secret.clone();
    }

    /** HMAC-SHA256 under the secret of the label and the parts, each part separated by a zero byte. */
    public byte[] derive(String label, Object... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(label.getBytes(StandardCharsets.UTF_8));
            for (Object part : parts) {
                mac.update((byte) 0);
                mac.update(part instanceof byte[] bytes ? bytes : part.toString().getBytes(StandardCharsets.UTF_8));
            }
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    private static byte[] readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Path pending = Files.createTempFile(file.getParent(), FILE, ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(pending, Base64.getUrlEncoder().withoutPadding().encodeToString(fresh));
                try {
                    Files.move(pending, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException raced) {
                    Files.deleteIfExists(pending);
                }
            }
            return Files.readString(file).trim().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the deployment secret " + file, e);
        }
    }
}
