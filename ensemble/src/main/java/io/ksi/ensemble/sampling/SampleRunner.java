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
import java.util.concurrent.Future;

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

    /**
     * As {@link #sample(Drift, Schedule, Sampler, Shape, int, double[], long, int, Device, NDManager, Progress)}, with
     * the batches on {@code workers}: with two, each of half the engine's intra-op threads, the batches are cut so that
     * each worker has work ({@code batch} at most). Every sample keeps its own noise stream, so a worker's batch is the
     * one-thread sampler's batch of the same rows. On 2 vCPUs two TorchScript streams of one thread sampled the
     * paper-size U-Nets faster than one stream of two (docs/benchmarks.md, "The paper's scale");
     * {@link io.ksi.ensemble.feature.FeatureFields#workers} says when to use them.
     */
    public static NDArray sample(
            Drift drift,
            Schedule schedule,
            Sampler sampler,
            Shape sampleShape,
            int n,
            double[] grid,
            long seed,
            int batch,
            Device device,
            NDManager out,
            Progress progress,
            Workers workers) {
        checkArguments(n, batch, grid);
        if (workers.count() == 1) {
            return sample(drift, schedule, sampler, sampleShape, n, grid, seed, batch, device, out, progress);
        }
        int per = Math.min(batch, (n + workers.count() - 1) / workers.count());
        int d = (int) sampleShape.size();
        float[] result = new float[n * d];
        int batches = (n + per - 1) / per;
        try (Progress.Task task = progress.start(
                "sample " + n + " (" + sampler.name() + ", " + workers.count() + " workers)",
                (long) batches * (grid.length - 1))) {
            Progress.Task shared = task.synchronizedSteps();
            List<Future<float[]>> jobs = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                int first = b * per;
                int count = Math.min(per, n - first);
                String where = "batch " + b + " (samples " + first + ".." + (first + count - 1) + ")";
                jobs.add(workers.submit(() -> {
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
                                shared,
                                where);
                    }
                }));
            }
            for (int b = 0; b < batches; b++) {
                float[] v = Workers.get(jobs.get(b));
                System.arraycopy(v, 0, result, b * per * d, v.length);
            }
        }
        return out.create(result, new Shape(n).addAll(sampleShape));
    }

    private static void checkArguments(int n, int batch, double[] grid) {
        if (n < 1 || batch < 1) {
            throw new IllegalArgumentException("need n >= 1 and batch >= 1, got n=" + n + " batch=" + batch);
        }
        if (grid[0] != 0 || grid[grid.length - 1] != 1) {
            throw new IllegalArgumentException("the sampling grid must run from 0 to 1");
        }
    }

    /** Returns [n, ...sampleShape] float32 attached to {@code out}. */
    public static NDArray sample(
            Drift drift,
            Schedule schedule,
            Sampler sampler,
            Shape sampleShape,
            int n,
            double[] grid,
            long seed,
            int batch,
            Device device,
            NDManager out,
            Progress progress) {
        checkArguments(n, batch, grid);
        int d = (int) sampleShape.size();
        float[] result = new float[n * d];
        int batches = (n + batch - 1) / batch;
        try (NDManager base = NDManager.newBaseManager(device, "PyTorch");
                Progress.Task task = progress.start(
                        "sample " + n + " (" + sampler.name() + ")", (long) batches * (grid.length - 1))) {
            for (int b = 0; b < batches; b++) {
                int first = b * batch;
                int count = Math.min(batch, n - first);
                float[] v = integrate(
                        drift,
                        schedule,
                        sampler,
                        sampleShape,
                        grid,
                        NoiseSource.streams(seed, first, count),
                        device,
                        base,
                        task,
                        "batch " + b + " (samples " + first + ".." + (first + count - 1) + ")");
                System.arraycopy(v, 0, result, first * d, v.length);
            }
        }
        return out.create(result, new Shape(n).addAll(sampleShape));
    }
}
