package io.keyledger.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands: called alone, it is a usage error that lists them. */
public abstract class Group implements Runnable {

    @Spec
    protected CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
