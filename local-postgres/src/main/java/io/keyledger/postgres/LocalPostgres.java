package io.keyledger.postgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server run from the machine's own binaries as a child process of this JVM: the
 * local stack's event store when {@code KEYLEDGER_EVENT_STORE=postgres}, and a throwaway server
 * for tests ({@link #startThrowaway(Path)}).
 *
 * <p>{@code start} runs {@code initdb} once into {@code dir} (user {@code user}, password
 * authentication with SCRAM, UTF-8), then {@code postgres} itself — not {@code pg_ctl}, which would
 * detach it: as a child, a {@code kill -9} of this JVM's process tree takes the server with it like
 * every other part of the local stack, and its next start recovers from the WAL. It listens on
 * 127.0.0.1 only, with no Unix socket (a socket path under a deep data directory would exceed the
 * 107-byte limit), and is ready when {@code pg_isready} says it accepts connections. The first
 * start creates the database {@link #DATABASE}.
 *
 * <p>{@code initdb} and {@code postgres} refuse to run as root. Run as root (CI containers), the
 * server runs as the system user {@code postgres} (which Debian's package creates), else
 * {@code nobody}, through {@code setpriv}, which execs in place (the child stays the server);
 * {@code dir} is then owned by that user, and directories above it that the server cannot enter
 * get the search bit for others ({@code o+x}: enter, not list) once. The server changes into its
 * data directory at start and uses relative paths from then on.
 *
 * <p>Binaries: {@code KEYLEDGER_POSTGRES_BIN} (or {@code -Dkeyledger.postgres.bin}), else the
 * newest {@code /usr/lib/postgresql/<version>/bin} (Debian's layout), else the directory of
 * {@code postgres} on the {@code PATH}.
 */
public final class LocalPostgres implements AutoCloseable {

    /** The database the services use. */
    public static final String DATABASE = "keyledger";
    /** Where {@link #binDirectory()} looks first. */
    public static final String BIN_VARIABLE = "KEYLEDGER_POSTGRES_BIN";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path bin;
    private final Path dir;
    private final int port;
    private final String user;
    private final String password;
    private final Process server;

    private LocalPostgres(Path bin, Path dir, int port, String user, String password, Process server) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.user = user;
        this.password = password;
        this.server = server;
    }

    /**
     * Starts a server on {@code port} holding its data in {@code dir} (created and initialised
     * when it holds no cluster yet), and returns once it accepts connections.
     *
     * @param log the server's output (appended)
     */
    public static LocalPostgres start(Path dir, int port, String user, String password, Path log,
                                      Map<String, String> settings) throws IOException {
        Path bin = binDirectory().orElseThrow(() -> new IOException("no PostgreSQL binaries: install postgresql"
                + " (Debian: apt-get install postgresql-15) or set " + BIN_VARIABLE + " to the directory of initdb"));
        dir = dir.toAbsolutePath().normalize();
        Optional<String> runAs = isRoot() ? Optional.of(serverUser()) : Optional.empty();
        boolean fresh = !Files.exists(dir.resolve("PG_VERSION"));
        Files.createDirectories(dir);
        if (runAs.isPresent()) {
            ownTree(dir, runAs.get());
            makeEnterable(dir.getParent());
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.createDirectories(log.toAbsolutePath().getParent());
        if (fresh) {
            initdb(bin, dir, user, password, runAs, log);
        }
        List<String> command = new ArrayList<>(asUser(runAs));
        command.addAll(List.of(bin.resolve("postgres").toString(), "-D", dir.toString(), "-p", String.valueOf(port),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="));
        settings.forEach((name, value) -> command.addAll(List.of("-c", name + "=" + value)));
        Process server = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        LocalPostgres postgres = new LocalPostgres(bin, dir, port, user, password, server);
        try {
            postgres.awaitReady(log);
            if (fresh) {
                postgres.client("createdb", DATABASE);
            }
        } catch (IOException | RuntimeException e) {
            postgres.close();
            throw e;
        }
        return postgres;
    }

    /**
     * A throwaway server for a test: a fresh cluster in {@code dir} (deleted first), a free port,
     * user {@code keyledger} with password {@code keyledger}, and durability off (no fsync, no
     * synchronous commit), which a test's data does not need.
     */
    public static LocalPostgres startThrowaway(Path dir) throws IOException {
        deleteTree(dir);
        return start(dir.resolve("data"), freePort(), "keyledger", "keyledger", dir.resolve("postgres.log"),
                Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off"));
    }

    /** Whether PostgreSQL's binaries are on this machine. */
    public static boolean available() {
        return binDirectory().isPresent();
    }

    /** Where {@code initdb} and {@code postgres} are, if anywhere. */
    public static Optional<Path> binDirectory() {
        String configured = Optional.ofNullable(System.getProperty("keyledger.postgres.bin"))
                .orElse(System.getenv(BIN_VARIABLE));
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(LocalPostgres::hasServer);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(v -> v.resolve("bin")).filter(LocalPostgres::hasServer)
                        .max(Comparator.comparingInt(LocalPostgres::majorVersion));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                // fall through to the PATH
            }
        }
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(p -> !p.isBlank()).map(Path::of).filter(LocalPostgres::hasServer).findFirst();
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Path directory() {
        return dir;
    }

    /** The server process (a child of this JVM). */
    public ProcessHandle process() {
        return server.toHandle();
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/keyledger}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /**
     * Fast shutdown (SIGINT: sessions are ended, the server checkpoints and exits), killed after
     * 10 s. Idempotent.
     */
    @Override
    public void close() {
        if (!server.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-INT", String.valueOf(server.pid())).inheritIO().start().waitFor();
            if (!server.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                server.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (IOException e) {
            server.destroyForcibly();
        } catch (InterruptedException e) {
            server.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Path log) throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (!server.isAlive()) {
                throw new IOException("postgres exited with " + server.exitValue() + "; see " + log + ":\n" + tail(log));
            }
            if (run(List.of(bin.resolve("pg_isready").toString(), "-q", "-h", "127.0.0.1", "-p", String.valueOf(port),
                    "-d", "postgres"), Map.of()) == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("postgres not ready on :" + port + " after " + READY_TIMEOUT.toSeconds() + " s; see "
                        + log + ":\n" + tail(log));
            }
            sleep(50);
        }
    }

    /** A client program ({@code createdb}, {@code psql}) against this server as its user. */
    private void client(String program, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(bin.resolve(program).toString(), "-h", "127.0.0.1",
                "-p", String.valueOf(port), "-U", user));
        command.addAll(List.of(args));
        int rc = run(command, Map.of("PGPASSWORD", password));
        if (rc != 0) {
            throw new IOException(program + " " + String.join(" ", args) + " failed with " + rc);
        }
    }

    private static void initdb(Path bin, Path dir, String user, String password, Optional<String> runAs, Path log)
            throws IOException {
        // the password reaches initdb in a file only its user can read, beside the (empty) data
        // directory initdb insists on, removed right after
        Path passwordFile = dir.resolveSibling(dir.getFileName() + ".initdb-password");
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        if (runAs.isPresent()) {
            ownTree(passwordFile, runAs.get());
        }
        try {
            List<String> command = new ArrayList<>(asUser(runAs));
            command.addAll(List.of(bin.resolve("initdb").toString(), "-D", dir.toString(), "-U", user,
                    "--pwfile=" + passwordFile, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C", "--no-instructions"));
            Process initdb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (waitFor(initdb) != 0) {
                throw new IOException("initdb into " + dir + " failed; see " + log + ":\n" + tail(log));
            }
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    /** {@code setpriv} to the server's user, or nothing when this process is not root. */
    private static List<String> asUser(Optional<String> runAs) {
        return runAs.map(u -> List.of("setpriv", "--reuid=" + u, "--regid=" + group(u), "--clear-groups"))
                .orElse(List.of());
    }

    private static String serverUser() throws IOException {
        UserPrincipalLookupService users = java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService();
        for (String candidate : List.of("postgres", "nobody")) {
            try {
                users.lookupPrincipalByName(candidate);
                return candidate;
            } catch (java.nio.file.attribute.UserPrincipalNotFoundException missing) {
                // next
            }
        }
        throw new IOException("running as root, and neither user postgres nor nobody exists to run PostgreSQL as");
    }

    /** The user's primary group, from /etc/passwd and /etc/group. */
    private static String group(String user) {
        try {
            String gid = Files.readAllLines(Path.of("/etc/passwd")).stream().map(l -> l.split(":"))
                    .filter(f -> f.length > 3 && f[0].equals(user)).map(f -> f[3]).findFirst().orElseThrow();
            return Files.readAllLines(Path.of("/etc/group")).stream().map(l -> l.split(":"))
                    .filter(f -> f.length > 2 && f[2].equals(gid)).map(f -> f[0]).findFirst().orElse(gid);
        } catch (IOException | java.util.NoSuchElementException e) {
            return user;
        }
    }

    private static void ownTree(Path path, String user) throws IOException {
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal owner = lookup.lookupPrincipalByName(user);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(group(user));
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                if (!view.getOwner().equals(owner)) {
                    view.setOwner(owner);
                    view.setGroup(group);
                }
            }
        }
    }

    /** Gives every directory from {@code dir} up the search bit for others where it lacks it. */
    private static void makeEnterable(Path dir) throws IOException {
        for (Path d = dir; d != null; d = d.getParent()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(d);
            if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                permissions.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(d, permissions);
            }
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static boolean hasServer(Path bin) {
        return Files.isExecutable(bin.resolve("postgres")) && Files.isExecutable(bin.resolve("initdb"));
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int run(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        return waitFor(builder.start());
    }

    private static int waitFor(Process process) throws IOException {
        try {
            if (!process.waitFor(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(process.info().command().orElse("a PostgreSQL program") + " did not finish");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(log unreadable)";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A port free at this moment. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
