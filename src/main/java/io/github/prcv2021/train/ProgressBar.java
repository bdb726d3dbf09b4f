package io.github.prcv2021.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A console progress bar for long runs. On a terminal it redraws one line; otherwise (CI logs, pipes)
 * it prints a line at each tenth of the way, so logs stay short. {@link #silent()} prints nothing.
 */
public class ProgressBar {

    private final PrintStream out;
    private final boolean interactive;
    private String label = "";
    private long total = 1;
    private long startNanos;
    private int lastDecile = -1;

    /** A bar on standard error; interactive when a console is attached. */
    public ProgressBar() {
        this(System.err, System.console() != null);
    }

    /** A bar on the given stream. */
    public ProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** A bar that prints nothing. */
    public static ProgressBar silent() {
        return new ProgressBar(null, false) {
            @Override
            public void start(String label, long total) {}

            @Override
            public void update(long done, String message) {}

            @Override
            public void end(String message) {}
        };
    }

    /** Starts a task of {@code total} units. */
    public void start(String label, long total) {
        this.label = label;
        this.total = Math.max(1, total);
        this.startNanos = System.nanoTime();
        this.lastDecile = -1;
    }

    /** Reports {@code done} units finished, with a short status message. */
    public void update(long done, String message) {
        double frac = Math.min(1.0, done / (double) total);
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double eta = frac > 0 ? elapsed * (1 - frac) / frac : Double.NaN;
        if (interactive) {
            int width = 30;
            int filled = (int) Math.round(frac * width);
            out.print(String.format(Locale.ROOT, "\r%s [%s%s] %3.0f%% %s eta %s   ", label, "#".repeat(filled),
                    ".".repeat(width - filled), frac * 100, message, formatSeconds(eta)));
            out.flush();
        } else {
            int decile = (int) Math.floor(frac * 10);
            if (decile != lastDecile) {
                lastDecile = decile;
                out.println(String.format(Locale.ROOT, "%s %3.0f%% %s (%s elapsed, eta %s)", label, frac * 100,
                        message, formatSeconds(elapsed), formatSeconds(eta)));
            }
        }
    }

    /** Ends the task. */
    public void end(String message) {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        if (interactive) {
            out.println();
        }
        out.println(String.format(Locale.ROOT, "%s done in %s %s", label, formatSeconds(elapsed), message));
    }

    static String formatSeconds(double s) {
        if (Double.isNaN(s) || Double.isInfinite(s)) {
            return "?";
        }
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, (t % 3600) / 60)
                : t >= 60 ? String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60) : t + "s";
    }
}
