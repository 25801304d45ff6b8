package io.ksi.app.bench;

import ai.djl.ndarray.NDManager;
import io.ksi.bridge.DjlVelocityField;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.MemoryProbe;
import io.ksi.bridge.ModelLoader;
import io.ksi.bridge.ModelSpec;

/** {@code --what bridge}: samples/s through the engine's own Predictor and through ksi's VelocityField, interleaved. */
final class BridgeBench implements Benchmark {
    @Override
    public void run(BenchSettings s) {
        for (ModelSpec spec : s.specs()) {
            run(spec, s.batch(), s.repeats());
        }
    }

    private static void run(ModelSpec spec, int batch, int repeats) {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                DjlVelocityField f = ModelLoader.load(spec, LoadOptions.DEFAULT.withMaxBatch(batch));
                EngineProbe engine = new EngineProbe(f, m, batch)) {
            Runnable direct = engine::call;
            Runnable bridge = () -> {
                try (NDManager s = m.newSubManager()) {
                    engine.x().tempAttach(s);
                    f.evaluate(engine.x(), 0.5).close();
                }
            };
            for (int i = 0; i < 3; i++) {
                direct.run();
                bridge.run();
            }
            double[] te = new double[repeats];
            double[] tb = new double[repeats];
            long faults = MemoryProbe.minorPageFaults();
            for (int r = 0; r < repeats; r++) {
                te[r] = Timing.seconds(direct);
                tb[r] = Timing.seconds(bridge);
            }
            double faultsPerSample = (MemoryProbe.minorPageFaults() - faults) / (2.0 * repeats * batch);
            double e = Timing.median(te);
            double b = Timing.median(tb);
            System.out.printf(
                    "bridge  %-16s %-11s engine %8.1f samples/s  ksi %8.1f samples/s  overhead %+5.1f%%  page "
                            + "faults/sample %.1f%n",
                    spec.name(), spec.format(), batch / e, batch / b, 100 * (b - e) / e, faultsPerSample);
        }
    }
}
