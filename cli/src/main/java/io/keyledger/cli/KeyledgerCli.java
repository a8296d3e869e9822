package io.keyledger.cli;

import io.keyledger.cli.audit.AuditCommand;
import io.keyledger.cli.keys.KeysCommand;
import io.keyledger.cli.ops.AnomaliesCommand;
import io.keyledger.cli.ops.RebuildCommand;
import io.keyledger.cli.ops.UsageCommand;
import io.keyledger.cli.orgs.OrgsCommand;
import io.keyledger.cli.requests.RequestsCommand;
import io.keyledger.cli.webhooks.WebhooksCommand;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code ./keyledger <command>}: the admin command line over the HTTP API. The connection and
 * output options are inherited by every subcommand, so they may stand anywhere on the line.
 */
@Command(name = "keyledger", mixinStandardHelpOptions = true, version = "keyledger cli 0.1.0",
        description = "Manage keyledger from a terminal: keys, organizations, usage, anomalies, audit, projections, webhooks, key requests.",
        subcommands = {KeysCommand.class, OrgsCommand.class, UsageCommand.class, AnomaliesCommand.class,
                AuditCommand.class, RebuildCommand.class, WebhooksCommand.class, RequestsCommand.class,
                KeyledgerCli.Completion.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:usage error (bad flags, missing file, no confirmation)",
                "2:authentication or permission refused (401, 403)", "3:not found (404, 410)",
                "4:conflict (409, 412)", "5:input rejected (400, 413, 415, 422; import rows rejected)",
                "6:server error or no answer (5xx, network, timeout)", "7:rate limited (429 after the retries)"},
        footerHeading = "%nEnvironment:%n",
        footer = {"  KEYLEDGER_URL              one base URL for every service (e.g. a gateway)",
                "  KEYLEDGER_COMMAND_URL      command-service (default http://localhost:${KEYLEDGER_COMMAND_PORT:-8081})",
                "  KEYLEDGER_QUERY_URL        query-service (default http://localhost:${KEYLEDGER_QUERY_PORT:-8082})",
                "  KEYLEDGER_VALIDATOR_URL    validator-service (default http://localhost:${KEYLEDGER_VALIDATOR_PORT:-8083})",
                "  KEYLEDGER_API_KEY          the management key (or KEYLEDGER_API_KEY_FILE, or --key-file)"})
public final class KeyledgerCli implements Runnable {

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Base URL of every service (KEYLEDGER_URL).")
    String url;

    @Option(names = "--command-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "command-service (KEYLEDGER_COMMAND_URL).")
    String commandUrl;

    @Option(names = "--query-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "query-service (KEYLEDGER_QUERY_URL).")
    String queryUrl;

    @Option(names = "--validator-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "validator-service (KEYLEDGER_VALIDATOR_URL).")
    String validatorUrl;

    @Option(names = "--key-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "File holding the management key (else KEYLEDGER_API_KEY).")
    Path keyFile;

    @Option(names = "--api-key", scope = ScopeType.INHERIT, paramLabel = "KEY", hidden = true,
            description = "The key itself: it ends up in shell history and ps; prefer --key-file.")
    String apiKey;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "table|json", defaultValue = "table",
            description = "table (default) or json.")
    String output;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "SECONDS", defaultValue = "30",
            description = "Per-request timeout (default 30).")
    int timeoutSeconds;

    @Option(names = "--retries", scope = ScopeType.INHERIT, paramLabel = "N", defaultValue = "3",
            description = "How often a 429 is retried after its Retry-After (default 3).")
    int retries;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private Api api;

    KeyledgerCli(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(run(System.getenv(), out, err, args));
    }

    /** Runs one command line; returns its exit code (ExitCodes). */
    public static int run(Map<String, String> env, PrintStream out, PrintStream err, String... args) {
        CommandLine line = commandLine(new KeyledgerCli(env, out, err));
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    static CommandLine commandLine(KeyledgerCli root) {
        CommandLine line = new CommandLine(root);
        line.setExitCodeExceptionMapper(KeyledgerCli::exitCode);
        line.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("error: " + e.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, failed.getErr())) {
                failed.getErr().println("see '" + failed.getCommandSpec().qualifiedName() + " --help'");
            }
            return ExitCodes.USAGE;
        });
        line.setExecutionExceptionHandler((e, failed, parsed) -> {
            PrintWriter err = failed.getErr();
            if (e instanceof ApiException api) {
                err.println(api.describe());
            } else if (e instanceof CliException cli) {
                err.println("error: " + cli.getMessage());
            } else if (e instanceof CommandLine.ParameterException p) {
                err.println("error: " + p.getMessage());
                return ExitCodes.USAGE;
            } else {
                err.println("error: " + e);
            }
            return exitCode(e);
        });
        line.setUsageHelpAutoWidth(true);
        return line;
    }

    static int exitCode(Throwable e) {
        if (e instanceof ApiException api) {
            return api.exitCode();
        }
        if (e instanceof CliException cli) {
            return cli.exitCode();
        }
        if (e instanceof CommandLine.ParameterException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.SERVER;
    }

    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: keys, orgs, usage, anomalies, "
                + "audit, rebuild, webhooks, requests or completion");
    }

    /** The root of a parsed command line, from any subcommand's spec. */
    public static KeyledgerCli of(CommandSpec spec) {
        return (KeyledgerCli) spec.root().userObject();
    }

    public Api api() {
        if (api == null) {
            if (apiKey != null) {
                err.println("warning: a key given with --api-key is visible in shell history and to every user's ps; "
                        + "use KEYLEDGER_API_KEY or --key-file");
            }
            api = new Api(Connection.bases(url, commandUrl, queryUrl, validatorUrl, env),
                    Connection.apiKey(apiKey, keyFile, env), Duration.ofSeconds(Math.max(1, timeoutSeconds)),
                    Math.max(0, retries));
        }
        return api;
    }

    public Output output() {
        if (!"json".equals(output) && !"table".equals(output)) {
            throw new CliException(ExitCodes.USAGE, "--output must be table or json, not '" + output + "'");
        }
        return new Output(out, "json".equals(output));
    }

    public PrintStream err() {
        return err;
    }

    public Map<String, String> env() {
        return env;
    }

    @Command(name = "completion", description = "Print a completion script: source <(./keyledger completion bash).")
    static final class Completion implements Runnable {

        @CommandLine.Parameters(paramLabel = "SHELL", defaultValue = "bash", description = "bash (also works in zsh with bashcompinit).")
        String shell;

        @CommandLine.Spec
        CommandSpec spec;

        @Override
        public void run() {
            if (!"bash".equals(shell) && !"zsh".equals(shell)) {
                throw new CliException(ExitCodes.USAGE, "completion: only bash and zsh are supported");
            }
            of(spec).out.print(AutoComplete.bash("keyledger", spec.root().commandLine()));
            of(spec).out.flush();
        }
    }
}
