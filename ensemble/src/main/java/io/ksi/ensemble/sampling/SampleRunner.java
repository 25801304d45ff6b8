package io.ksi.ensemble.sampling;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.Progress;
import io.ksi.bridge.Workers;
import io.ksi.ensemble.interpolant.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * Draws n samples in batches. Sample i starts from and is driven by its own noise stream of the seed, so the result
 * does not depend on the batch size: same seed, same samples.
 */
public final class SampleRunner {
    private SampleRunner() {}

    /**
     * Integrates one batch whose row r starts from and is driven by {@code streams[r]}, in a sub-scope of {@code base}:
     * the rows, flattened, checked finite ({@code where} names the batch in the error).
     */
    public static float[] integrate(
            Drift drift,
            Schedule schedule,
            Sampler sampler,
            Shape sampleShape,
            double[] grid,
            SplittableRandom[] streams,
            Device device,
            NDManager base,
            Progress.Task task,
            String where) {
        try (NDManager m = base.newSubManager()) {
            NoiseSource noise = new NoiseSource(streams, sampleShape, device);
            NDArray x0 = noise.next(m);
            NDArray x = sampler.integrate(drift, schedule, grid, x0, noise, task);
            float[] v = x.toFloatArray();
            for (float f : v) {
                if (!Float.isFinite(f)) {
                    throw new IllegalStateException(
                            "sampler " + sampler.name() + " produced NaN/Inf in " + where + ": the drift diverged");
                }
            }
            return v;
        }
    }

    /** Returns [n, ...sampleShape] float32 attached to {@code out}: the batches in order on the calling thread. */
    public static NDArray sample(
            Drift drift,
            Schedule schedule,
            Shape sampleShape,
            Device device,
            SampleRequest request,
            NDManager out,
            Progress progress) {
        return sample(drift, schedule, sampleShape, device, request, out, progress, null);
    }

    /**
     * As {@link #sample(Drift, Schedule, Shape, Device, SampleRequest, NDManager, Progress)}, with the batches on
     * {@code workers}: with two, each of half the engine's intra-op threads, the batches are cut so that each worker
     * has work (the request's batch at most). Every sample keeps its own noise stream, so a worker's batch is the
     * one-thread sampler's batch of the same rows. On 2 vCPUs two TorchScript streams of one thread sampled the
     * paper-size U-Nets faster than one stream of two (docs/benchmarks.md, "The paper's scale");
     * {@link io.ksi.ensemble.feature.FeatureFields#workers} says when to use them. With one worker, or {@code null},
     * the batches run on the calling thread.
     */
    public static NDArray sample(
            Drift drift,
            Schedule schedule,
            Shape sampleShape,
            Device device,
            SampleRequest request,
            NDManager out,
            Progress progress,
            Workers workers) {
        int n = request.n();
        int batch = request.batch();
        long seed = request.seed();
        Sampler sampler = request.sampler();
        double[] grid = request.grid();
        Workers pool = workers != null && workers.count() > 1 ? workers : null;
        int per = pool == null ? batch : Math.min(batch, (n + pool.count() - 1) / pool.count());
        int d = (int) sampleShape.size();
        float[] result = new float[n * d];
        int batches = (n + per - 1) / per;
        String name = "sample " + n + " (" + sampler.name() + (pool == null ? ")" : ", " + pool.count() + " workers)");
        try (Progress.Task task = progress.start(name, (long) batches * (grid.length - 1))) {
            Progress.Task steps = pool == null ? task : task.synchronizedSteps();
            List<Future<float[]>> jobs = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                int first = b * per;
                int count = Math.min(per, n - first);
                String where = "batch " + b + " (samples " + first + ".." + (first + count - 1) + ")";
                Callable<float[]> job = () -> {
                    try (NDManager base = NDManager.newBaseManager(device, "PyTorch")) {
                        return integrate(
                                drift,
                                schedule,
                                sampler,
                                sampleShape,
                                grid,
                                NoiseSource.streams(seed, first, count),
                                device,
                                base,
                                steps,
                                where);
                    }
                };
                if (pool == null) {
                    FutureTask<float[]> inline = new FutureTask<>(job);
                    inline.run();
                    Workers.get(inline); // a failed batch stops the run here, as the batches after it would be wasted
                    jobs.add(inline);
                } else {
                    jobs.add(pool.submit(job));
                }
            }
            for (int b = 0; b < batches; b++) {
                float[] v = Workers.get(jobs.get(b));
                System.arraycopy(v, 0, result, b * per * d, v.length);
            }
        }
        return out.create(result, new Shape(n).addAll(sampleShape));
    }
}
