package io.keyledger.query.anomalies;

import java.util.ArrayList;
import java.util.List;

/** The open windows of every windowed rule for one subject: one store entry per subject. */
final class Tallies {

    public List<Tally> windows = new ArrayList<>();

    Tally window(String type, long start) {
        for (Tally tally : windows) {
            if (tally.start == start && tally.type.equals(type)) {
                return tally;
            }
        }
        Tally created = new Tally();
        created.type = type;
        created.start = start;
        windows.add(created);
        return created;
    }
}
