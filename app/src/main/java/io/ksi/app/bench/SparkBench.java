package io.ksi.app.bench;

import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.ModelRefs;
import io.ksi.data.RealImages;
import io.ksi.ensemble.DistributedFit;
import io.ksi.ensemble.FitPlan;
import io.ksi.ensemble.Fitter;
import io.ksi.ensemble.KernelEnsemble;
import io.ksi.ensemble.PairSource;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.FeatureFields;
import io.ksi.ensemble.interpolant.Grids;
import io.ksi.ensemble.interpolant.Schedules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code --what spark}: the fit of the demo's mnist-100 cohort (20 members, the demo's 512 pairs + 256 held out, 20
 * times) locally as {@code ksi fit} runs it, then on Spark local[2] with 2 and 10 tasks: wall time, the cost per model
 * evaluation and per task, and whether the eta tables are equal.
 */
final class SparkBench implements Benchmark {
    @Override
    public void run(BenchSettings s) {
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            refs.add(s.root()
                    .resolve(String.format("models/mnist/mnist-100-%02d.pt", i))
                    .toString());
        }
        List<FeatureField> fields = FeatureFields.load(ModelRefs.resolve(String.join(",", refs)), LoadOptions.DEFAULT);
        FitPlan plan = FitPlan.builder(
                        Schedules.LINEAR, Grids.uniform(20), new PairSource(RealImages.MNIST_TRAIN.images(), 512, 0))
                .heldOut(new PairSource(RealImages.MNIST_HELD_OUT.images(), 256, 1))
                .batchSize(s.batch())
                .parallelTimes(true)
                .build();
        int times = plan.times().length;
        long evaluations = (long) fields.size() * (512 + 256) * times;
        long start = System.nanoTime();
        try (KernelEnsemble local = Fitter.fit(fields, plan)) {
            double localSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "spark: P=%d, %d + %d pairs x %d times = %d model evaluations%n",
                    fields.size(), 512, 256, times, evaluations);
            System.out.printf(
                    "  local fit (2 workers, as ksi fit): %.1f s, %.3f ms per evaluation%n",
                    localSeconds, 1e3 * localSeconds / evaluations);
            for (int partitions : new int[] {2, 10}) {
                start = System.nanoTime();
                // solved from the same fields; the local ensemble alone owns (and closes) them
                KernelEnsemble spark = Fitter.fit(fields, plan, DistributedFit.on("local[2]", partitions));
                double seconds = (System.nanoTime() - start) / 1e9;
                boolean equal = Arrays.deepEquals(local.eta().eta(), spark.eta().eta());
                System.out.printf(
                        "  spark local[2], %2d tasks: %.1f s (%+.1f s against local, %+.2f s per task), eta %s%n",
                        partitions,
                        seconds,
                        seconds - localSeconds,
                        (seconds - localSeconds) / partitions,
                        equal ? "equal bit for bit" : "DIFFERS");
            }
        }
    }
}
