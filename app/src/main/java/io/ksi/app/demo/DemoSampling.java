package io.ksi.app.demo;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.Progress;
import io.ksi.ensemble.interpolant.Grids;
import io.ksi.ensemble.interpolant.Schedules;
import io.ksi.ensemble.sampling.Drift;
import io.ksi.ensemble.sampling.SampleRequest;
import io.ksi.ensemble.sampling.SampleRunner;
import io.ksi.ensemble.sampling.Sampler;

/** How both demo studies draw a sample set: the optimal-diffusion sampler on a uniform grid, on the CPU. */
final class DemoSampling {
    private DemoSampling() {}

    static float[] optimal(Drift drift, Shape sampleShape, int n, int steps, long seed) {
        try (NDManager nd = NDManager.newBaseManager("PyTorch")) {
            return SampleRunner.sample(
                            drift,
                            Schedules.LINEAR,
                            sampleShape,
                            Device.cpu(),
                            new SampleRequest(n, seed, Sampler.byName("optimal"), Grids.uniform(steps), 256),
                            nd,
                            Progress.NONE)
                    .toFloatArray();
        }
    }
}
