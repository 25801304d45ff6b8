package io.ksi.app.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.ModelSpec;
import io.ksi.ensemble.FitPlan;
import io.ksi.ensemble.Fitter;
import io.ksi.ensemble.PairSource;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.FeatureFields;
import io.ksi.ensemble.interpolant.Schedules;
import java.util.ArrayList;
import java.util.List;

/** {@code --what fit}: fit throughput against bare evaluation of the same models on the same number of batches. */
final class FitBench implements Benchmark {
    @Override
    public void run(BenchSettings s) {
        ModelSpec spec = s.specs().get(0);
        int batch = s.batch();
        int p = 4;
        int pairs = batch * 2;
        int times = 3;
        List<ModelSpec> specs = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            specs.add(spec.withName(spec.name() + "#" + i));
        }
        List<FeatureField> fields = FeatureFields.load(specs, LoadOptions.DEFAULT.withMaxBatch(batch));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Shape shape = Timing.inputShape(spec);
            PairSource ps = new PairSource(Timing.randomData(shape, pairs), pairs, 0);
            Fitter.fit(
                    fields,
                    FitPlan.builder(Schedules.LINEAR, new double[] {0.5}, ps)
                            .batchSize(batch)
                            .build());
            NDArray x = m.randomNormal(new Shape(batch).addAll(shape));
            Runnable bare = () -> {
                for (int k = 0; k < times * (pairs / batch); k++) {
                    try (NDManager sub = m.newSubManager()) {
                        x.tempAttach(sub);
                        for (FeatureField f : fields) {
                            f.evaluate(x, 0.5);
                        }
                    }
                }
            };
            FitPlan plan = FitPlan.builder(Schedules.LINEAR, new double[] {0.2, 0.5, 0.8}, ps)
                    .batchSize(batch)
                    .build();
            Runnable fit = () -> Fitter.fit(fields, plan);
            double[] tb = new double[s.repeats()];
            double[] tf = new double[s.repeats()];
            for (int r = 0; r < s.repeats(); r++) {
                tb[r] = Timing.seconds(bare);
                tf[r] = Timing.seconds(fit);
            }
            double evals = (double) p * pairs * times;
            System.out.printf(
                    "fit     P=%d %-12s bare %8.1f field-evals/s  fit %8.1f field-evals/s  fit/bare %.3f%n",
                    p,
                    spec.format(),
                    evals / Timing.median(tb),
                    evals / Timing.median(tf),
                    Timing.median(tb) / Timing.median(tf));
        } finally {
            fields.forEach(FeatureField::close);
        }
    }
}
