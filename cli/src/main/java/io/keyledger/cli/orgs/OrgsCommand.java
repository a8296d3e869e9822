package io.keyledger.cli.orgs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyledger.cli.Api;
import io.keyledger.cli.Api.Service;
import io.keyledger.cli.CliException;
import io.keyledger.cli.ExitCodes;
import io.keyledger.cli.Leaf;
import io.keyledger.cli.Output.Column;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keyledger orgs ...}: organizations (reads on the query API, changes on the command API, admin:*). */
@Command(name = "orgs", description = "List, show, create and change organizations.", mixinStandardHelpOptions = true,
        subcommands = {OrgsCommand.ListOrgs.class, OrgsCommand.Show.class, OrgsCommand.Create.class, OrgsCommand.Update.class})
public final class OrgsCommand extends io.keyledger.cli.Group {

    static final List<Column> ORGS = List.of(Column.of("ID", "id"), Column.of("NAME", "name"), Column.of("PLAN", "plan"),
            Column.of("MAX_LIFETIME_DAYS", "/policy/max_key_lifetime_days"), Column.of("CREATED", "created_at"));

    @Command(name = "list", description = "Every organization (admin:*), else the caller's own.", mixinStandardHelpOptions = true)
    static final class ListOrgs extends Leaf {
        @Option(names = "--limit", defaultValue = "100") int limit;
        @Option(names = "--all", description = "follow next_cursor to the end") boolean all;

        @Override
        protected void execute() {
            out().table(page(Service.QUERY, "v1/organizations", Api.query("limit", limit), all, Integer.MAX_VALUE), ORGS);
        }
    }

    @Command(name = "show", description = "One organization.", mixinStandardHelpOptions = true)
    static final class Show extends Leaf {
        @Parameters(paramLabel = "ID") String id;

        @Override
        protected void execute() {
            out().record(api().get(Service.QUERY, "v1/organizations/" + Api.segment(id), null));
        }
    }

    @Command(name = "create", description = "Register an organization (admin:*).", mixinStandardHelpOptions = true)
    static final class Create extends Leaf {
        @Option(names = "--name", required = true) String name;
        @Option(names = "--plan", defaultValue = "free", description = "free (default), professional, enterprise") String plan;

        @Override
        protected void execute() {
            ObjectNode body = Api.JSON.createObjectNode().put("name", name).put("plan", plan);
            out().record(api().post(Service.COMMAND, "v1/organizations", body));
        }
    }

    @Command(name = "update", description = "Change name, plan or policy (admin:*); flags left out stay.", mixinStandardHelpOptions = true)
    static final class Update extends Leaf {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--name") String name;
        @Option(names = "--plan") String plan;
        @Option(names = "--max-key-lifetime-days", paramLabel = "DAYS", description = "1–36500; 0 removes the cap") Integer maxLifetime;
        @Option(names = "--approval-required-for", split = ",", paramLabel = "PATTERN", description = "permission patterns; \"\" for none") List<String> approval;
        @Option(names = "--on-leak", description = "disable, revoke or notify") String onLeak;

        @Override
        protected void execute() {
            ObjectNode body = Api.JSON.createObjectNode();
            if (name != null) {
                body.put("name", name);
            }
            if (plan != null) {
                body.put("plan", plan);
            }
            if (maxLifetime != null || approval != null || onLeak != null) {
                ObjectNode policy = body.putObject("policy");
                if (maxLifetime != null) {
                    if (maxLifetime == 0) {
                        policy.putNull("max_key_lifetime_days");
                    } else {
                        policy.put("max_key_lifetime_days", maxLifetime);
                    }
                }
                if (approval != null) {
                    var array = policy.putArray("approval_required_for");
                    approval.stream().map(String::trim).filter(a -> !a.isEmpty()).forEach(array::add);
                }
                if (onLeak != null) {
                    policy.put("on_leak", onLeak);
                }
            }
            if (body.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "nothing to change: give --name, --plan or a policy flag");
            }
            out().record(api().patch(Service.COMMAND, "v1/organizations/" + Api.segment(id), body, java.util.Map.of()));
        }
    }
}
