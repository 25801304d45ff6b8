package io.ksi.app.cli;

import io.ksi.bridge.Progress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** {@link Progress} as a terminal bar on stderr with rate and ETA: the application's way to show long work. */
public final class ConsoleProgress {
    private ConsoleProgress() {}

    public static Progress create() {
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
}
