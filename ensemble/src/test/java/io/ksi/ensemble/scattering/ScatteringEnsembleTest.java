package io.ksi.ensemble.scattering;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.Progress;
import io.ksi.data.Dataset;
import io.ksi.ensemble.EnsembleFile;
import io.ksi.ensemble.FitPlan;
import io.ksi.ensemble.Fitter;
import io.ksi.ensemble.KernelEnsemble;
import io.ksi.ensemble.PairSource;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.IdentityField;
import io.ksi.ensemble.feature.MapCoefficient;
import io.ksi.ensemble.interpolant.Grids;
import io.ksi.ensemble.interpolant.Schedules;
import io.ksi.ensemble.sampling.OptimalDiffusionSampler;
import io.ksi.ensemble.sampling.SampleRequest;
import io.ksi.ensemble.sampling.SampleRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scattering ensemble end to end on a short series: fit, drift by VJP, save, reload, same samples. */
class ScatteringEnsembleTest {
    @TempDir
    Path dir;

    /** Returns with volatility clustering: a GARCH(1,1)-like recursion, standardized. */
    static float[] clusteredSeries(int t, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[t];
        double var = 1;
        double prev = 0;
        for (int i = 0; i < t; i++) {
            var = 0.1 + 0.1 * prev * prev + 0.8 * var;
            prev = Math.sqrt(var) * r.nextGaussian();
            x[i] = (float) prev;
        }
        return x;
    }

    @Test
    void fitSaveReloadAndSampleTheSame() {
        int t = 256;
        float[] series = clusteredSeries(t, 1);
        Dataset one = new Dataset(series, new Shape(t));
        ScatteringSpectra1D map;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            map = ScatteringSpectra1D.frozenOn(
                    m.create(series).reshape(1, t),
                    new Scattering1D(t, 5, Wavelet.MORLET, Scattering1D.NU_MAX, Reduction.INVARIANT),
                    false);
        }
        // two feature families in one system: the scattering coefficients and the field x itself
        List<FeatureField> fields = new ArrayList<>(map.fields());
        fields.add(new IdentityField());
        try (KernelEnsemble e = Fitter.fit(
                        fields,
                        FitPlan.builder(Schedules.TRIGONOMETRIC, Grids.uniform(4), new PairSource(one, 6, 0))
                                .batchSize(4)
                                .ridge(1e-3)
                                .scaleFeatures(true)
                                .build());
                NDManager m = NDManager.newBaseManager("PyTorch")) {
            assertEquals(map.size() + 1, e.fields().size());
            assertTrue(e.diagnostics().stream().allMatch(d -> d.method().endsWith("(scaled)")));
            // the drift explains part of dI/dt at mid times: h . eta > 0
            assertTrue(
                    e.diagnostics().get(2).explained() > 0,
                    "explained share " + e.diagnostics().get(2).explained());
            float[] a = SampleRunner.sample(
                            e,
                            e.schedule(),
                            new Shape(t),
                            Device.cpu(),
                            new SampleRequest(3, 5, new OptimalDiffusionSampler(), Grids.uniform(12), 3),
                            m,
                            Progress.NONE)
                    .toFloatArray();
            Path file = dir.resolve("series-ensemble.json");
            EnsembleFile.write(file, e, true);
            try (KernelEnsemble back = EnsembleFile.read(file, LoadOptions.DEFAULT)) {
                assertTrue(back.fields().get(0) instanceof MapCoefficient);
                assertEquals(e.fields().get(7).name(), back.fields().get(7).name());
                assertTrue(back.fields().get(map.size()) instanceof IdentityField);
                // one shared map, not one per coefficient
                assertTrue(((MapCoefficient) back.fields().get(0)).map()
                        == ((MapCoefficient) back.fields().get(9)).map());
                float[] b = SampleRunner.sample(
                                back,
                                back.schedule(),
                                new Shape(t),
                                Device.cpu(),
                                new SampleRequest(3, 5, new OptimalDiffusionSampler(), Grids.uniform(12), 2),
                                m,
                                Progress.NONE)
                        .toFloatArray();
                assertArrayEquals(a, b, "reloaded ensemble, other batch size, same seed");
                // re-solving from the stored systems keeps the Jacobi scaling
                assertTrue(back.withRidge(1e-2).diagnostics().get(0).method().endsWith("(scaled)"));
            }
        }
    }
}
