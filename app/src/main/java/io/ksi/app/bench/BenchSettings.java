package io.ksi.app.bench;

import io.ksi.bridge.ModelRefs;
import io.ksi.bridge.ModelSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * What {@code ksi bench} was asked: the models to time, the batch and repeats, and each benchmark's own inputs.
 *
 * @param root the ksi checkout (data, templates, the demo's models)
 * @param ksi runs a {@code ksi} command line and returns its exit code (benchmarks that time a whole command)
 */
public record BenchSettings(
        String models,
        int batch,
        int repeats,
        double fraction,
        List<Path> members,
        Path work,
        Path ensemble,
        int requests,
        Path root,
        ToIntFunction<String[]> ksi) {
    public List<ModelSpec> specs() {
        return ModelRefs.resolve(models);
    }

    /** Runs {@code ksi args...}; a failure names the command. */
    void runKsi(String... args) {
        int rc = ksi.applyAsInt(args);
        if (rc != 0) {
            throw new IllegalStateException("ksi " + args[0] + " failed (exit " + rc + ")");
        }
    }
}
