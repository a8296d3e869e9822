package io.keyledger.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of long work on stderr: a bar redrawn in place on a terminal, plain lines (at most one a
 * second) otherwise, so that a log or a CI capture stays readable. Format of a plain line:
 * {@code <label>: <done>/<total> (<pct>%) <rate> <unit>/s ETA <eta>[ <extra>]}; without a total:
 * {@code <label>: <done> <unit> <rate> <unit>/s[ <extra>]}.
 */
public final class Progress {

    /** How to show it: a bar, plain lines, or nothing. */
    public enum Mode { BAR, PLAIN, NONE;

        /** {@code auto}: a bar when a terminal is attached (and TERM is not dumb), else plain lines. */
        public static Mode of(String name, java.util.Map<String, String> env) {
            return switch (name) {
                case "bar" -> BAR;
                case "plain" -> PLAIN;
                case "none" -> NONE;
                case "auto" -> System.console() != null && !"dumb".equals(env.get("TERM")) ? BAR : PLAIN;
                default -> throw new CliException(ExitCodes.USAGE, "--progress must be auto, bar, plain or none");
            };
        }
    }

    private final PrintStream err;
    private final Mode mode;
    private final String label;
    private final String unit;
    private final long total;
    private final LongSupplier nanos;
    private final long start;
    private long lastDraw = Long.MIN_VALUE;

    public Progress(PrintStream err, Mode mode, String label, String unit, long total, LongSupplier nanos) {
        this.err = err;
        this.mode = mode;
        this.label = label;
        this.unit = unit;
        this.total = total;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
    }

    /** Draws the state if a redraw is due (a bar: 10 a second; a plain line: one a second). */
    public synchronized void update(long done, String extra) {
        long now = nanos.getAsLong();
        long every = mode == Mode.BAR ? 100_000_000L : 1_000_000_000L;
        if (mode == Mode.NONE || lastDraw != Long.MIN_VALUE && now - lastDraw < every) {
            return;
        }
        lastDraw = now;
        draw(done, extra, now, false);
    }

    /** The final state, always drawn (and the bar's line ended). */
    public synchronized void finish(long done, String extra) {
        if (mode != Mode.NONE) {
            draw(done, extra, nanos.getAsLong(), true);
        }
    }

    private void draw(long done, String extra, long now, boolean last) {
        String line = line(done, extra, (now - start) / 1e9);
        if (mode == Mode.BAR) {
            err.print("\r" + bar(done) + " " + line + "\033[K" + (last ? "\n" : ""));
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** The text of one state (package-visible for the format test). */
    String line(long done, String extra, double seconds) {
        double rate = seconds > 0 ? done / seconds : 0;
        StringBuilder s = new StringBuilder(label).append(": ");
        if (total > 0) {
            s.append(done).append('/').append(total).append(" (").append(done * 100 / total).append("%) ")
                    .append(String.format(Locale.ROOT, "%.0f", rate)).append(' ').append(unit).append("/s ETA ")
                    .append(rate > 0 ? duration((total - done) / rate) : "?");
        } else {
            s.append(done).append(' ').append(unit).append(' ')
                    .append(String.format(Locale.ROOT, "%.0f", rate)).append(' ').append(unit).append("/s");
        }
        if (extra != null && !extra.isEmpty()) {
            s.append(' ').append(extra);
        }
        return s.toString();
    }

    private String bar(long done) {
        int width = 30;
        int filled = total > 0 ? (int) Math.min(width, done * width / total) : 0;
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
    }

    /** {@code 42s}, {@code 3m05s}, {@code 1h02m}. */
    static String duration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }
}
