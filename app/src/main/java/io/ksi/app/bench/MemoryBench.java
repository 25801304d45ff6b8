package io.ksi.app.bench;

import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.MemoryProbe;
import io.ksi.bridge.ModelSpec;
import io.ksi.data.Dataset;
import io.ksi.ensemble.FitPlan;
import io.ksi.ensemble.Fitter;
import io.ksi.ensemble.PairSource;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.FeatureFields;
import io.ksi.ensemble.interpolant.Schedules;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** {@code --what memory}: peak RSS of a fit with N and 16 N pairs (flat: pairs are regenerated batch by batch). */
final class MemoryBench implements Benchmark {
    @Override
    public void run(BenchSettings s) {
        ModelSpec spec = s.specs().get(0);
        int batch = s.batch();
        List<FeatureField> fields = FeatureFields.load(List.of(spec), LoadOptions.DEFAULT.withMaxBatch(batch));
        try {
            for (int pairs : new int[] {batch, 16 * batch}) {
                Dataset data = Timing.randomData(Timing.inputShape(spec), pairs);
                System.gc();
                long before = MemoryProbe.rssBytes();
                AtomicLong peak = new AtomicLong(before);
                Thread watcher = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        peak.accumulateAndGet(MemoryProbe.rssBytes(), Math::max);
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                watcher.start();
                Fitter.fit(
                        fields,
                        FitPlan.builder(Schedules.LINEAR, new double[] {0.3, 0.7}, new PairSource(data, pairs, 1))
                                .batchSize(batch)
                                .build());
                watcher.interrupt();
                System.out.printf(
                        "memory  N=%-6d pairs: RSS before %5d MB, peak during fit %5d MB (+%d MB)%n",
                        pairs, before >> 20, peak.get() >> 20, (peak.get() - before) >> 20);
            }
        } finally {
            fields.forEach(FeatureField::close);
        }
    }
}
