package io.ksi.app.cli;

import io.ksi.bridge.Progress;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * {@link Progress} for the command line: a bar with rate and ETA on stderr when it is a terminal; in a log (stderr
 * redirected, CI) one line when a stage ends, with its size and time, since a redrawn bar is hundreds of lines there.
 */
public final class ConsoleProgress {
    private ConsoleProgress() {}

    public static Progress create() {
        return System.console() != null ? bars() : lines(System.err);
    }

    static Progress bars() {
        return (name, total) -> {
            ProgressBar bar = new ProgressBarBuilder()
                    .setTaskName(name)
                    .setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500)
                    .continuousUpdate()
                    .build();
            return new Progress.Task() {
                @Override
                public void step(long n) {
                    bar.stepBy(n);
                }

                @Override
                public void close() {
                    bar.close();
                }
            };
        };
    }

    /** Seconds between two lines of a long stage in a log. */
    private static final double LOG_EVERY_SECONDS = 60;

    /** One line per finished stage, "NAME: DONE/TOTAL in S s", and one a minute while a long one runs. */
    static Progress lines(PrintStream out) {
        return (name, total) -> {
            long start = System.nanoTime();
            return new Progress.Task() {
                private long done;
                private double lastLine;

                @Override
                public void step(long n) {
                    done += n;
                    double s = (System.nanoTime() - start) / 1e9;
                    if (s - lastLine >= LOG_EVERY_SECONDS && done < total) {
                        lastLine = s;
                        out.printf(Locale.ROOT, "%s: %d/%d after %.0f s%n", name, done, total, s);
                    }
                }

                @Override
                public void close() {
                    out.printf(
                            Locale.ROOT, "%s: %d/%d in %.1f s%n", name, done, total, (System.nanoTime() - start) / 1e9);
                }
            };
        };
    }
}
