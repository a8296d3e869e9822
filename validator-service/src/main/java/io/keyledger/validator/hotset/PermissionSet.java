package io.keyledger.validator.hotset;

import io.keyledger.api.keys.Permissions;
import java.util.List;

/**
 * A key's granted permission patterns. Identical sets are shared between keys (the hot set
 * interns them), so a million keys with the same three permissions hold one array.
 */
public final class PermissionSet {

    private final String[] granted;
    private final List<String> asList;

    PermissionSet(List<String> granted) {
        this.asList = List.copyOf(granted);
        this.granted = asList.toArray(String[]::new);
    }

    /** Whether a pattern of this set covers {@code asked}. */
    public boolean grants(String asked) {
        for (String g : granted) {
            if (Permissions.grants(g, asked)) {
                return true;
            }
        }
        return false;
    }

    public List<String> asList() {
        return asList;
    }
}
