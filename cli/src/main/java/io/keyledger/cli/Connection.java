package io.keyledger.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where the services are and which key calls them. Flags win over variables, variables over the
 * defaults of {@code ./keyledger up} (command 8081, query 8082, validator 8083 on localhost, or the
 * ports {@code KEYLEDGER_*_PORT} gave the stack).
 */
public final class Connection {

    private Connection() {
    }

    /** The base URL of each service, from flags ({@code null} when absent) and the environment. */
    public static Map<Api.Service, URI> bases(String url, String commandUrl, String queryUrl, String validatorUrl,
                                              Map<String, String> env) {
        String common = first(url, env.get("KEYLEDGER_URL"));
        Map<Api.Service, URI> bases = new EnumMap<>(Api.Service.class);
        bases.put(Api.Service.COMMAND, uri(first(commandUrl, env.get("KEYLEDGER_COMMAND_URL"), common,
                "http://localhost:" + env.getOrDefault("KEYLEDGER_COMMAND_PORT", "8081"))));
        bases.put(Api.Service.QUERY, uri(first(queryUrl, env.get("KEYLEDGER_QUERY_URL"), common,
                "http://localhost:" + env.getOrDefault("KEYLEDGER_QUERY_PORT", "8082"))));
        bases.put(Api.Service.VALIDATOR, uri(first(validatorUrl, env.get("KEYLEDGER_VALIDATOR_URL"), common,
                "http://localhost:" + env.getOrDefault("KEYLEDGER_VALIDATOR_PORT", "8083"))));
        return bases;
    }

    /**
     * The management key: {@code --api-key} (warned about by the caller), else {@code --key-file},
     * else {@code KEYLEDGER_API_KEY}, else {@code KEYLEDGER_API_KEY_FILE}; {@code null} when none.
     */
    public static String apiKey(String flag, Path keyFile, Map<String, String> env) {
        if (flag != null) {
            return flag.trim();
        }
        if (keyFile != null) {
            return read(keyFile);
        }
        String value = env.get("KEYLEDGER_API_KEY");
        if (value != null && !value.isBlank()) {
            return value.trim();
        }
        String file = env.get("KEYLEDGER_API_KEY_FILE");
        return file == null || file.isBlank() ? null : read(Path.of(file));
    }

    private static String read(Path file) {
        try {
            String key = Files.readString(file).trim();
            if (key.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "the key file " + file + " is empty");
            }
            return key;
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read the key file " + file + ": " + e.getMessage());
        }
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    private static URI uri(String value) {
        String base = value.endsWith("/") ? value : value + "/";
        try {
            URI uri = URI.create(base);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "bad service URL '" + value + "': " + e.getMessage());
        }
    }
}
