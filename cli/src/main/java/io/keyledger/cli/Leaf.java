package io.keyledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command that calls the API shares: the connection, the output, paging. */
public abstract class Leaf implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    protected KeyledgerCli cli() {
        return KeyledgerCli.of(spec);
    }

    protected Api api() {
        return cli().api();
    }

    protected Output out() {
        return cli().output();
    }

    /**
     * The {@code data} of a paged list, following {@code next_cursor} while {@code all} is set
     * (or until {@code max} rows).
     */
    protected ArrayNode page(Api.Service service, String path, Map<String, Object> query, boolean all, int max) {
        ArrayNode rows = Api.JSON.createArrayNode();
        String cursor = null;
        do {
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            JsonNode answer = api().get(service, path, query);
            answer.path("data").forEach(rows::add);
            JsonNode next = answer.path("next_cursor");
            cursor = next.isTextual() && !next.asText().isEmpty() ? next.asText() : null;
        } while (all && cursor != null && rows.size() < max);
        return rows;
    }

    @Override
    public Integer call() throws Exception {
        execute();
        return ExitCodes.OK;
    }

    protected abstract void execute() throws Exception;
}
