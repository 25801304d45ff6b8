package io.ksi.app.cli;

import io.ksi.bridge.EngineSettings;
import io.ksi.bridge.NativeAllocator;
import picocli.CommandLine.Option;

/** --threads, shared by every command that runs models; apply it before the first model is loaded. */
final class ThreadsOption {
    @Option(names = "--threads", defaultValue = "0", description = "intra-op threads per engine; 0 = engine default")
    int threads;

    void apply() {
        EngineSettings.setThreads(threads);
        EngineSettings.withoutNnpack();
        NativeAllocator.advice().ifPresent(System.err::println);
    }
}
