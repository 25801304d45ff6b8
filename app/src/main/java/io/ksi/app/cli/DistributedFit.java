package io.ksi.app.cli;

import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.Progress;
import io.ksi.data.Dataset;
import io.ksi.ensemble.system.LinearSystem;
import java.util.List;

/**
 * A fit's Gram accumulation on a cluster engine, found through {@link java.util.ServiceLoader} so that the engine (the
 * ksi-spark module) stays off every other command's path. It must return the systems the local fit would, bit for bit.
 */
public interface DistributedFit {
    /** What to accumulate: the same inputs ksi fit gives the local Fitter. */
    record Job(
            String models,
            LoadOptions load,
            boolean identity,
            String schedule,
            double[] times,
            Dataset train,
            int pairs,
            long seed,
            Dataset heldOut,
            int heldOutPairs,
            long heldOutSeed,
            int batchSize) {}

    /** One system per time for the training pairs, and for the held-out pairs (null without). */
    record Systems(List<LinearSystem> train, List<LinearSystem> heldOut) {}

    /**
     * @param master the engine's master URL, e.g. {@code local[2]} or {@code yarn}
     * @param partitions tasks to spread the work over; 0 for the engine's default parallelism
     */
    Systems accumulate(String master, int partitions, Job job, Progress progress);
}
