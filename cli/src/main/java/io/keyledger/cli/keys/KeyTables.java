package io.keyledger.cli.keys;

import io.keyledger.cli.Output.Column;
import java.util.List;

/** The columns of a key list. */
final class KeyTables {

    static final List<Column> KEYS = List.of(
            Column.of("ID", "id"), Column.of("NAME", "name"), Column.of("STATUS", "status"),
            Column.of("ENV", "environment"), Column.of("PREFIX", "prefix"), Column.of("OWNER", "/owner/id"),
            Column.of("PERMISSIONS", "permissions"), Column.of("EXPIRES", "expires_at"));

    private KeyTables() {
    }
}
