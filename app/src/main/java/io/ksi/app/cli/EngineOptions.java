package io.ksi.app.cli;

import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.Progress;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every command that runs models shares. */
final class EngineOptions {
    @Option(
            names = "--device",
            defaultValue = "auto",
            description = "auto (GPU when DJL sees one), cpu, gpu or gpu:N (default: ${DEFAULT-VALUE})")
    String device;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--batch", defaultValue = "256", description = "samples per model call (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(
            names = {"-q", "--quiet"},
            description = "no progress bars")
    boolean quiet;

    LoadOptions load() {
        Checks.atLeast("--batch", batch, 1);
        threads.apply();
        return LoadOptions.DEFAULT.withDevice(device).withMaxBatch(batch);
    }

    Progress progress() {
        return quiet ? Progress.NONE : ConsoleProgress.create();
    }
}
