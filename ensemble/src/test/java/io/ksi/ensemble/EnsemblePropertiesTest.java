package io.ksi.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.Progress;
import io.ksi.ensemble.feature.AffineField;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.IdentityField;
import io.ksi.ensemble.interpolant.Grids;
import io.ksi.ensemble.interpolant.Schedule;
import io.ksi.ensemble.interpolant.Schedules;
import io.ksi.ensemble.sampling.Drift;
import io.ksi.ensemble.sampling.NoiseSource;
import io.ksi.ensemble.sampling.OptimalDiffusionSampler;
import io.ksi.ensemble.sampling.SampleRequest;
import io.ksi.ensemble.sampling.SampleRunner;
import io.ksi.ensemble.sampling.Sampler;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exact algebraic properties of the linear system and the integrator. */
class EnsemblePropertiesTest {
    static final int PAIRS = 20_000;
    final GaussianTarget g = GaussianTarget.threeD();
    final Schedule s = Schedules.LINEAR;
    final double[][] pertA = {{0, 1.5, 0}, {-1, 0.5, 0}, {0.3, 0, -0.8}};
    final double[] pertC = {2, -1, 0.5};

    @TempDir
    Path tmp;

    private final PairSource pairs = new PairSource(g.samples(PAIRS, 3), PAIRS, 4);

    private KernelEnsemble fit(List<FeatureField> fields, double ridge, int times) {
        return Fitter.fit(
                fields,
                FitPlan.builder(s, Grids.uniform(times), pairs)
                        .ridge(ridge)
                        .batchSize(10_000)
                        .build());
    }

    /** Asserts |eta - expected| < 5 standard errors at every fitted time. */
    private void assertEta(KernelEnsemble e, double[] expected) {
        for (int k = 0; k < e.eta().times().length; k++) {
            double t = e.eta().times()[k];
            double[] eta = e.eta().eta()[k];
            double[] se =
                    StandardErrors.of(e.fields(), s, t, pairs, eta, e.systems().get(k));
            for (int i = 0; i < expected.length; i++) {
                assertTrue(
                        Math.abs(eta[i] - expected[i]) < 5 * se[i],
                        "t=" + t + " eta[" + i + "]=" + eta[i] + " expected " + expected[i] + " se " + se[i]);
            }
        }
    }

    @Test
    void perturbedPairCombinesIntoTheExactField() {
        FeatureField plus = g.exactField(s, "v+e", pertA, pertC, 1);
        FeatureField minus = g.exactField(s, "v-e", pertA, pertC, -1);
        KernelEnsemble both = fit(List.of(plus, minus), 0, 20);
        // b = (v+e)/2 + (v-e)/2: the population optimum is (1/2, 1/2); the fit is within its standard error
        assertEta(both, new double[] {0.5, 0.5});
        double inv = 1.0 / 20_000;
        GaussianSamplingTest.assertMoments(g, draw(both, "optimal", 200), "v+e & v-e", inv + 1.0 / PAIRS);
        // each alone samples the wrong law: its mean is many standard errors away
        KernelEnsemble alone = fit(List.of(plus), 0, 20);
        double[] mean = GaussianTarget.mean(draw(alone, "optimal", 200), g.d);
        double worst = 0;
        for (int i = 0; i < g.d; i++) {
            worst = Math.max(worst, Math.abs(mean[i] - g.mean[i]) / Math.sqrt(g.cov[i][i] * inv));
        }
        assertTrue(worst > 20, "v+e alone should be far off, worst z=" + worst);
    }

    @Test
    void exactFieldGetsUnitWeightAndScalingDividesEta() {
        FeatureField exact = g.exactField(s, "exact", new double[3][3], new double[3], 0);
        FeatureField other = g.exactField(s, "other", pertA, pertC, 1);
        // (at t = 1 the exact field of the linear schedule is x itself, so x is not among the distractors)
        FeatureField constant = AffineField.basis(g.d).get(0);
        KernelEnsemble e = fit(List.of(exact, other, constant), 0, 10);
        assertEta(e, new double[] {1, 0, 0});
        // K' = D K D and h' = D h for fields scaled by D: eta' = D^{-1} eta exactly, whatever the data
        double c = 3.5;
        FeatureField scaled = scaled(other, c);
        KernelEnsemble a = fit(List.of(other, new IdentityField()), 0, 5);
        KernelEnsemble b = fit(List.of(scaled, new IdentityField()), 0, 5);
        for (int k = 0; k < a.eta().times().length; k++) {
            assertEquals(
                    a.eta().eta()[k][0] / c,
                    b.eta().eta()[k][0],
                    1e-6 * Math.abs(a.eta().eta()[k][0]) + 1e-9);
            assertEquals(
                    a.eta().eta()[k][1],
                    b.eta().eta()[k][1],
                    1e-6 * Math.abs(a.eta().eta()[k][1]) + 1e-9);
        }
    }

    @Test
    void duplicatedFieldDoesNotBreakTheSolve() {
        FeatureField exact = g.exactField(s, "exact", new double[3][3], new double[3], 0);
        FeatureField copy = g.exactField(s, "copy", new double[3][3], new double[3], 0);
        KernelEnsemble e = fit(List.of(exact, copy), 0, 10);
        KernelEnsemble single = fit(List.of(exact), 0, 10);
        for (int k = 0; k < e.eta().times().length; k++) {
            double[] eta = e.eta().eta()[k];
            assertEquals("pseudo-inverse", e.diagnostics().get(k).method());
            // the minimum-norm solution splits the single field's weight evenly, to rounding
            double w = single.eta().eta()[k][0];
            assertEquals(w / 2, eta[0], 1e-6);
            assertEquals(w / 2, eta[1], 1e-6);
        }
        assertEta(single, new double[] {1});
        // with a ridge Cholesky succeeds and splits the weight the same way
        KernelEnsemble r = e.withRidge(1e-6);
        assertEquals("cholesky", r.diagnostics().get(3).method());
        assertEquals(single.eta().eta()[3][0] / 2, r.eta().eta()[3][0], 1e-4);
    }

    @Test
    void firstStepFromTimeZeroIsFiniteWithTheRightVariance() {
        // zero drift on the grid (0, dt, 2 dt): the first step gives X_1 = sqrt(S_0) xi / beta_1 with
        // S_0 = dt alpha_1 beta_1 gamma_1, the second (the last: an ODE step) only rescales, X_2 = beta_1 X_1 / beta_2,
        // so Var X_2 = S_0 / beta_2^2 exactly
        int n = 40_000;
        double dt = 0.01;
        double[] grid = {0, dt, 2 * dt};
        for (Schedule sch : List.of(Schedules.LINEAR, Schedules.TRIGONOMETRIC)) {
            double s0 = dt * sch.alpha(dt) * sch.beta(dt) * sch.gamma(dt);
            double expected = s0 / (sch.beta(2 * dt) * sch.beta(2 * dt));
            double[] x;
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                Drift zero = (xx, t) -> xx.zerosLike();
                NDArray out = new OptimalDiffusionSampler()
                        .integrate(
                                zero,
                                sch,
                                grid,
                                m.randomNormal(new Shape(n, 1)),
                                new NoiseSource(1, 0, n, new Shape(1), Device.cpu()),
                                Progress.NONE.start("", 1));
                x = GaussianTarget.toDouble(out);
            }
            double var = GaussianTarget.cov(x, 1)[0][0];
            assertTrue(Double.isFinite(var));
            assertEquals(expected, var, 5 * expected * Math.sqrt(2.0 / n), sch.name());
        }
    }

    @Test
    void savedEnsembleLoadsAndSamplesIdentically() {
        KernelEnsemble e = fit(AffineField.basis(g.d), 1e-8, 10);
        Path file = tmp.resolve("sub/ens.json");
        EnsembleFile.write(file, e, true);
        try (KernelEnsemble back = EnsembleFile.read(file, LoadOptions.DEFAULT)) {
            assertEquals(e.fields().size(), back.fields().size());
            for (int k = 0; k < e.eta().times().length; k++) {
                assertArrayEquals(e.eta().eta()[k], back.eta().eta()[k], 0);
            }
            // a different sampling grid interpolates eta; batch size does not change any sample
            double[] a = drawWith(e, 30, 1000);
            double[] b = drawWith(back, 30, 333);
            assertArrayEquals(a, b, 0);
            assertEquals(
                    e.diagnostics().get(4).trainLoss(),
                    back.diagnostics().get(4).trainLoss(),
                    0);
            KernelEnsemble sub = back.subset(new int[] {0, 1, 2});
            assertEquals(3, sub.eta().features());
            assertTrue(Double.isNaN(back.diagnostics().get(4).heldOutLoss()), "no held-out pairs: no loss");
        }
    }

    /** A loss that does not exist is JSON null in the file; files written before, with a bare NaN, still read. */
    @Test
    void missingLossesAreNullInTheFileAndOldNaNsStillRead() throws java.io.IOException {
        KernelEnsemble e = fit(AffineField.basis(g.d), 1e-8, 4);
        Path file = tmp.resolve("nan/ens.json");
        EnsembleFile.write(file, e, false);
        String json = java.nio.file.Files.readString(file);
        assertFalse(json.contains("NaN"), json);
        assertTrue(json.contains("\"heldOutLoss\":null"), json);
        java.nio.file.Files.writeString(file, json.replace("\"heldOutLoss\":null", "\"heldOutLoss\":NaN"));
        try (KernelEnsemble back = EnsembleFile.read(file, LoadOptions.DEFAULT)) {
            assertTrue(Double.isNaN(back.diagnostics().get(0).heldOutLoss()));
            assertEquals(
                    e.diagnostics().get(0).trainLoss(),
                    back.diagnostics().get(0).trainLoss(),
                    0);
        }
    }

    @Test
    void samplingLoopKeepsNativeMemoryFlat() {
        KernelEnsemble e = fit(AffineField.basis(g.d), 1e-8, 10);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x0 = m.randomNormal(new Shape(64, 3));
            int before = m.getManagedArrays().size();
            NDArray out = new OptimalDiffusionSampler()
                    .integrate(
                            e,
                            s,
                            Grids.uniform(300),
                            x0,
                            new NoiseSource(1, 0, 64, new Shape(3), Device.cpu()),
                            Progress.NONE.start("", 1));
            assertEquals(before + 1, m.getManagedArrays().size(), "only the result is left behind");
            assertTrue(out != x0);
        }
    }

    private double[] drawWith(KernelEnsemble e, int steps, int batch) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            return GaussianTarget.toDouble(SampleRunner.sample(
                    e,
                    e.schedule(),
                    new Shape(g.d),
                    Device.cpu(),
                    new SampleRequest(2000, 42, Sampler.byName("optimal"), Grids.uniform(steps), batch),
                    m,
                    Progress.NONE));
        }
    }

    private double[] draw(KernelEnsemble e, String sampler, int steps) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            return GaussianTarget.toDouble(SampleRunner.sample(
                    e,
                    e.schedule(),
                    new Shape(g.d),
                    Device.cpu(),
                    new SampleRequest(20_000, 9, Sampler.byName(sampler), Grids.uniform(steps), 5000),
                    m,
                    Progress.NONE));
        }
    }

    private static FeatureField scaled(FeatureField f, double c) {
        return new FeatureField() {
            @Override
            public String name() {
                return f.name() + "*" + c;
            }

            @Override
            public NDArray evaluate(NDArray x, double t) {
                NDArray v = f.evaluate(x, t);
                NDArray out = v.mul((float) c);
                v.close();
                return out;
            }

            @Override
            public JsonObject describe() {
                return f.describe();
            }
        };
    }
}
