package io.keyledger.local.services;

import io.keyledger.local.config.Service;
import io.keyledger.local.config.StackConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The validators' service key (DESIGN §9, credits): a {@code system}-owned key holding only
 * {@code credits:lease}, made once through the command API with the bootstrap admin key and kept in
 * {@code <data>/validator-service.key} (mode 0600), which every validator reads
 * ({@code KEYLEDGER_VALIDATOR_SERVICE_KEY_FILE}). The key is never printed.
 */
public final class ValidatorServiceKey {

    private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"(kl_[A-Za-z0-9_]+)\"");

    private ValidatorServiceKey() {
    }

    /** Makes the key when there is none yet; a line to print when something is worth saying. */
    public static Optional<String> ensure(StackConfig config) {
        Path file = config.validatorServiceKeyFile();
        if (Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Optional<String> admin = config.bootstrapAdminKey().or(() -> read(config.bootstrapAdminKeyFile()));
            if (admin.isEmpty()) {
                return Optional.of("keyledger: no admin key to make the validators' service key with: keys with"
                        + " credits are refused (USAGE_EXCEEDED)");
            }
            String body = "{\"name\":\"validator service\",\"owner\":{\"type\":\"system\",\"id\":\"validator-service\"},"
                    + "\"permissions\":[\"credits:lease\"]}";
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + config.portOf(Service.COMMAND) + "/v1/api-keys"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + admin.get())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher key = KEY.matcher(answer.body());
            if (answer.statusCode() != 201 || !key.find()) {
                return Optional.of("keyledger: the validators' service key could not be made (command-service answered "
                        + answer.statusCode() + "): keys with credits are refused");
            }
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.deleteIfExists(partial);
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(partial, key.group(1) + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return Optional.of("keyledger: validators' service key (credits:lease) made: " + file);
        } catch (IOException e) {
            return Optional.of("keyledger: the validators' service key could not be made: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file).trim()).filter(s -> !s.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
