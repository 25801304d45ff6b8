package io.ksi.app.demo;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.Progress;
import io.ksi.ensemble.KernelEnsemble;
import io.ksi.ensemble.interpolant.Grids;
import io.ksi.ensemble.interpolant.Schedules;
import io.ksi.ensemble.sampling.Drift;
import io.ksi.ensemble.sampling.SampleRequest;
import io.ksi.ensemble.sampling.SampleRunner;
import io.ksi.ensemble.sampling.Sampler;

/** How the demo draws a sample set: a sampler on a uniform grid, on the CPU, its cost measured. */
final class DemoSampling {
    /**
     * A sample set and what it cost.
     *
     * @param callsPerSample model evaluations per sample (one per active model per step)
     * @param seconds wall time of the sampling alone
     */
    record Drawn(float[] samples, double callsPerSample, double seconds) {
        /** Samples that cost no model call (data). */
        static Drawn free(float[] samples) {
            return new Drawn(samples, 0, 0);
        }
    }

    private DemoSampling() {}

    /**
     * Samples {@code drift}; a kernel ensemble counts its own model calls, any other drift is one model (one call per
     * drift evaluation: {@code steps} per sample for the optimal sampler, twice that for Heun's).
     */
    static Drawn draw(Drift drift, Sampler sampler, Shape sampleShape, int n, int steps, long seed) {
        long calls = drift instanceof KernelEnsemble e ? e.modelCalls() : 0;
        // one model's calls per sample depend on the sampler (Heun calls it twice a step): count the rows it sees
        long[] rows = {0};
        Drift counted = drift instanceof KernelEnsemble
                ? drift
                : (x, t) -> {
                    rows[0] += x.getShape().get(0);
                    return drift.at(x, t);
                };
        long start = System.nanoTime();
        try (NDManager nd = NDManager.newBaseManager("PyTorch")) {
            float[] v = SampleRunner.sample(
                            counted,
                            Schedules.LINEAR,
                            sampleShape,
                            Device.cpu(),
                            new SampleRequest(n, seed, sampler, Grids.uniform(steps), 256),
                            nd,
                            Progress.NONE)
                    .toFloatArray();
            double seconds = (System.nanoTime() - start) / 1e9;
            double perSample =
                    drift instanceof KernelEnsemble e ? (e.modelCalls() - calls) / (double) n : rows[0] / (double) n;
            return new Drawn(v, perSample, seconds);
        }
    }
}
