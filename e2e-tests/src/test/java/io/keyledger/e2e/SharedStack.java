package io.keyledger.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One local stack shared by the test classes that do not crash it (hostile input, isolation,
 * abuse limits, secrets at rest): a stack start costs about a minute of both cores, so CI
 * pays it once. It stops when the whole run ends (root store), and its data directory stays
 * under {@code target/e2e-stacks} for the post-mortem.
 *
 * <p>It also remembers every plaintext key any test saw, so that the secret scan looks for
 * all of them, not only its own.
 */
final class SharedStack implements ParameterResolver {

    /** Keys per organization on the shared stack, low so that the limit can be reached in a test. */
    static final int KEYS_PER_ORGANIZATION = 60;

    private static final Set<String> PLAINTEXT_KEYS = ConcurrentHashMap.newKeySet();

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedStack.class, k -> new Resource(start()), Resource.class).stack;
    }

    /** Every plaintext key a test created or rotated on the shared stack. */
    static void remember(String plaintextKey) {
        if (plaintextKey != null && !plaintextKey.isBlank()) {
            PLAINTEXT_KEYS.add(plaintextKey);
        }
    }

    static Set<String> plaintextKeys() {
        return Set.copyOf(PLAINTEXT_KEYS);
    }

    /** A fresh data directory under target/, named for the run, kept after the run. */
    static Path newDataDir(String name) {
        try {
            Path root = Path.of("target", "e2e-stacks").toAbsolutePath();
            Files.createDirectories(root);
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss"));
            return Files.createTempDirectory(root, name + "-" + stamp + "-").resolve("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LocalStack start() {
        LocalStack stack = new LocalStack(newDataDir("shared"));
        // property names of command-service's limit, by relaxed binding; see AbuseLimitsIT
        limitEnvironment().forEach(stack::withEnv);
        try {
            return stack.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> limitEnvironment() {
        return Map.of("KEYLEDGER_KEYS_MAX_PER_ORGANIZATION", String.valueOf(KEYS_PER_ORGANIZATION));
    }

    private record Resource(LocalStack stack) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws InterruptedException {
            stack.close();
        }
    }
}
