package io.ksi.app.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.EngineSettings;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.ModelSpec;
import io.ksi.bridge.Workers;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.FeatureFields;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code --what workers}: ten copies of a model evaluated on one stream with the engine's threads, against
 * {@link Workers#split()}: two streams with half the threads each (what the demo's fit and scoring use).
 */
final class WorkersBench implements Benchmark {
    @Override
    public void run(BenchSettings s) {
        ModelSpec spec = s.specs().get(0);
        int batch = s.batch();
        List<ModelSpec> specs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            specs.add(spec.withName(spec.name() + "#" + i));
        }
        List<FeatureField> fields = FeatureFields.load(specs, LoadOptions.DEFAULT.withMaxBatch(batch));
        Shape shape = Timing.inputShape(spec);
        int calls = 4;
        try {
            Callable<Void> stream = () -> {
                try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                    NDArray x = m.randomNormal(new Shape(batch).addAll(shape));
                    for (int k = 0; k < calls; k++) {
                        try (NDManager sub = m.newSubManager()) {
                            x.tempAttach(sub);
                            for (FeatureField f : fields) {
                                f.evaluate(x, 0.5);
                            }
                        }
                    }
                }
                return null;
            };
            double[] one = new double[s.repeats()];
            double[] two = new double[s.repeats()];
            int streams = 1;
            for (int r = 0; r < s.repeats(); r++) {
                try (Workers w = Workers.single()) {
                    one[r] = Timing.streams(w, stream);
                }
                try (Workers w = Workers.split()) {
                    streams = w.count();
                    two[r] = Timing.streams(w, stream) / streams;
                }
            }
            double work = (double) calls * fields.size() * batch;
            System.out.printf(
                    "workers %-16s %-11s 1 stream x %d threads %8.1f samples/s  %d streams x %d %8.1f samples/s  "
                            + "ratio %.3f%n",
                    spec.name(),
                    spec.format(),
                    EngineSettings.threads(),
                    work / Timing.median(one),
                    streams,
                    Math.max(1, EngineSettings.threads() / streams),
                    work / Timing.median(two),
                    Timing.median(one) / Timing.median(two));
        } finally {
            fields.forEach(FeatureField::close);
        }
    }
}
