package io.keyledger.local;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code keyledger up}: the whole platform on one machine with nothing installed but a JDK.
 * See {@link UpCommand}.
 */
@Command(name = "keyledger",
        mixinStandardHelpOptions = true,
        versionProvider = KeyledgerLocal.Version.class,
        description = "Runs keyledger locally: event store, Kafka and MongoDB-wire server in-process, "
                + "the three services as child processes.",
        subcommands = {UpCommand.class, CommandLine.HelpCommand.class})
public final class KeyledgerLocal implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int exitCode = new CommandLine(new KeyledgerLocal()).execute(args);
        System.exit(exitCode);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (try: up)");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = KeyledgerLocal.class.getPackage().getImplementationVersion();
            return new String[] {"keyledger local stack " + (version == null ? "(development)" : version)};
        }
    }
}
