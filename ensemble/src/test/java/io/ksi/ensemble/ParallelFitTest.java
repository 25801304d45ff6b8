package io.ksi.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.EngineSettings;
import io.ksi.bridge.Fixtures;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.ModelSpec;
import io.ksi.data.Dataset;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.FeatureFields;
import io.ksi.ensemble.feature.IdentityField;
import io.ksi.ensemble.interpolant.Schedules;
import io.ksi.ensemble.system.LinearSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Fitting the times on two workers changes where the work runs, not the systems it produces. */
class ParallelFitTest {
    @Test
    void twoWorkersAccumulateTheSystemsOfOne() {
        int threads = EngineSettings.threads();
        List<ModelSpec> specs = new ArrayList<>();
        ModelSpec tiny = ModelSpec.of(Fixtures.file("unet_tiny.pt"));
        for (int i = 0; i < 3; i++) {
            specs.add(tiny.withName("tiny#" + i));
        }
        List<FeatureField> fields = new ArrayList<>(FeatureFields.load(specs, LoadOptions.DEFAULT.withDevice("cpu")));
        fields.add(new IdentityField());
        try {
            Dataset data = randomImages(300);
            PairSource train = new PairSource(data, 160, 1);
            PairSource heldOut = new PairSource(data, 48, 2);
            double[] times = {0.05, 0.3, 0.55, 0.8, 0.97};
            EngineSettings.setThreads(1);
            KernelEnsemble one = Fitter.fit(
                    fields,
                    FitPlan.builder(Schedules.LINEAR, times, train)
                            .heldOut(heldOut)
                            .batchSize(64)
                            .build());
            EngineSettings.setThreads(2);
            KernelEnsemble two = Fitter.fit(
                    fields,
                    FitPlan.builder(Schedules.LINEAR, times, train)
                            .heldOut(heldOut)
                            .batchSize(64)
                            .parallelTimes(true)
                            .build());
            assertEquals(2, EngineSettings.threads(), "the engine's thread count is restored");
            for (int k = 0; k < times.length; k++) {
                assertSame(one.systems().get(k), two.systems().get(k), "t = " + times[k]);
                assertSame(one.heldOutSystems().get(k), two.heldOutSystems().get(k), "held out, t = " + times[k]);
            }
        } finally {
            EngineSettings.setThreads(threads);
            fields.forEach(FeatureField::close);
        }
    }

    private static void assertSame(LinearSystem a, LinearSystem b, String where) {
        assertEquals(a.n(), b.n(), where);
        assertArrayEquals(a.h(), b.h(), where);
        for (int i = 0; i < a.k().length; i++) {
            assertArrayEquals(a.k()[i], b.k()[i], where + ", row " + i);
        }
        assertEquals(a.velocityNorm2(), b.velocityNorm2(), where);
    }

    /** n images [1, 28, 28] of standard Gaussian pixels, the same every call. */
    static Dataset randomImages(int n) {
        SplittableRandom r = new SplittableRandom(11);
        float[] v = new float[n * 784];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return new Dataset(v, new Shape(1, 28, 28));
    }
}
