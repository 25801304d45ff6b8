package io.ksi.ensemble;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress of long work (fits, sampling); a terminal bar by default, silence in tests. */
public interface Progress {
    Task start(String name, long total);

    interface Task extends AutoCloseable {
        void step(long n);

        @Override
        void close();
    }

    Progress NONE = (name, total) -> new Task() {
        @Override
        public void step(long n) {
        }

        @Override
        public void close() {
        }
    };

    /** A progress bar on stderr with rate and ETA. */
    static Progress console() {
        return (name, total) -> {
            ProgressBar bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate().build();
            return new Task() {
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
