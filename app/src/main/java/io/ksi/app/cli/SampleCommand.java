package io.ksi.app.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.app.plot.ImageGrid;
import io.ksi.app.plot.Plots;
import io.ksi.bridge.AtomicFiles;
import io.ksi.bridge.Npy;
import io.ksi.data.Dataset;
import io.ksi.ensemble.EnsembleFile;
import io.ksi.ensemble.KernelEnsemble;
import io.ksi.ensemble.interpolant.Grids;
import io.ksi.ensemble.sampling.SampleRequest;
import io.ksi.ensemble.sampling.Sampler;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(mixinStandardHelpOptions = true, name = "sample", description = "Generate samples from a fitted ensemble.")
final class SampleCommand implements Callable<Integer> {
    @Option(names = "--ensemble", required = true, description = "ensemble file written by ksi fit")
    Path ensemble;

    @Option(
            names = {"-n", "--count"},
            defaultValue = "64",
            description = "number of samples (default: ${DEFAULT-VALUE})")
    int n;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "noise seed: same seed, same samples (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--sampler",
            defaultValue = "optimal",
            description = "optimal, ode, heun, em, em:D, or superdiff[:T] (SuperDiff's OR rule over the members, no"
                    + " fitted weights) (default: ${DEFAULT-VALUE})")
    String sampler;

    @Option(
            names = "--steps",
            defaultValue = "0",
            description = "integration steps; 0 = the fitting grid's (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--out", defaultValue = "samples.npy", description = "samples as .npy (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(
            names = "--png",
            description = "picture of the samples: an image grid, or a scatter of the first two coordinates")
    Path png;

    @Option(names = "--reference", description = "data to draw under a scatter plot (.npy)")
    Path reference;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        Checks.atLeast("-n", n, 1);
        if (steps < 0) {
            throw new IllegalArgumentException("--steps must be at least 1, or 0 for the fitting grid, got " + steps);
        }
        Sampler chosen = Sampler.byName(sampler);
        try (KernelEnsemble e = EnsembleFile.read(ensemble, engine.load());
                NDManager m = NDManager.newBaseManager("PyTorch")) {
            Shape shape = e.sampleShape();
            int k = steps > 0 ? steps : e.fittedSteps();
            long start = System.nanoTime();
            // on CPU two workers when the models allow it (FeatureFields.workers); the same samples either way
            NDArray x =
                    e.sample(new SampleRequest(n, seed, chosen, Grids.uniform(k), engine.batch), m, engine.progress());
            double seconds = (System.nanoTime() - start) / 1e9;
            double callsPerSample = (double) e.modelCalls() / n;
            // the samples and their picture appear together or not at all
            try (AtomicFiles.Batch files = new AtomicFiles.Batch()) {
                files.stage(out, Npy.content(x));
                if (png != null) {
                    float[] v = x.toFloatArray();
                    if (ImageGrid.isImageShape(shape)) {
                        files.stage(png, ImageGrid.png(v, shape, 0, 3));
                    } else {
                        float[] ref = reference == null
                                ? null
                                : Dataset.load(reference).toArray(m).toFloatArray();
                        String title = "samples of " + ensemble.getFileName();
                        files.stage(png, Plots.png(Plots.scatter(title, v, (int) shape.size(), ref)));
                    }
                }
                files.commit();
            }
            System.out.printf(
                    "%d samples %s with %s, %d steps, seed %d in %.1f s (%.0f model calls per sample) -> %s%n",
                    n, shape, sampler, k, seed, seconds, callsPerSample, out);
            if (png != null) {
                System.out.println("wrote " + png);
            }
        }
        return 0;
    }
}
