package io.ksi.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.ksi.bridge.Fixtures;
import io.ksi.bridge.LoadOptions;
import io.ksi.bridge.Progress;
import io.ksi.data.Dataset;
import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.FeatureFields;
import io.ksi.ensemble.interpolant.Grids;
import io.ksi.ensemble.interpolant.Schedules;
import io.ksi.ensemble.sampling.SampleRequest;
import io.ksi.ensemble.system.Combinations;
import io.ksi.ensemble.system.EtaTable;
import io.ksi.ensemble.system.LinearSystem;
import io.ksi.ensemble.system.Solution;
import io.ksi.ensemble.system.SystemSolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules practitioners use, made from stored systems, against exact answers; sparse ensembles call K members. */
class CombinationRulesTest {
    /**
     * Features e1, e2 and f0 = (e1 + e2 + e3)/sqrt 3 for the target v = e1 + e2 (|v|^2 = 2): f0 alone is the best
     * single feature (loss 2/3 against 1), so forward selection starts with it and its best pair {f0, e1} leaves 1/2,
     * while {e1, e2} fits v exactly.
     */
    private static LinearSystem trap() {
        double r = 1 / Math.sqrt(3);
        double[][] k = {{1, r, r}, {r, 1, 0}, {r, 0, 1}};
        double[] h = {2 * r, 1, 1};
        return new LinearSystem(k, h, 2, 1000);
    }

    @Test
    void topKFindsThePairForwardSelectionMisses() {
        LinearSystem s = trap();
        Solution one = Combinations.top(s, s, 1, 0, false);
        assertArrayEquals(new double[] {Math.sqrt(3) * 2 / 3, 0, 0}, one.eta(), 1e-9, "the best single feature, f0");
        Solution two = Combinations.top(s, s, 2, 0, false);
        assertArrayEquals(new double[] {0, 1, 1}, two.eta(), 1e-9, "the exact pair after an exchange");
        assertEquals(0, s.loss(two.eta()), 1e-9);
        assertArrayEquals(
                SystemSolver.solve(s, 0).eta(),
                Combinations.top(s, s, 3, 0, false).eta(),
                0,
                "K = P is the kernel");
    }

    @Test
    void sumToOneIsTheConstrainedLeastSquares() {
        LinearSystem s = trap();
        double[] eta = Combinations.sumToOne(s, 0).eta();
        assertEquals(1, Arrays.stream(eta).sum(), 1e-12);
        // stationarity with one multiplier: every component of K eta - h is the same
        double[] g = new double[3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                g[i] += s.k()[i][j] * eta[j];
            }
            g[i] -= s.h()[i];
        }
        assertEquals(g[0], g[1], 1e-9);
        assertEquals(g[0], g[2], 1e-9);
    }

    @Test
    void bestAndUniformAreWhatTheySay() {
        LinearSystem s = trap();
        assertArrayEquals(new double[] {1, 0, 0}, Combinations.best(s, s).eta(), 0, "as trained: least k_ii - 2 h_i");
        assertArrayEquals(new int[] {0, 1, 2}, Combinations.asTrainedRanking(s));
        assertArrayEquals(
                new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3},
                Combinations.uniform(s).eta(),
                0);
        assertArrayEquals(
                new double[] {0.5, 0, 0.5},
                Combinations.average(s, new int[] {0, 2}, "route").eta(),
                0);
    }

    @Test
    void aSparseTableHoldsTheNearestGridTimesRow() {
        EtaTable t = new EtaTable(new double[] {0, 0.5, 1}, new double[][] {{1, 0}, {0, 1}, {1, 0}}, true);
        assertArrayEquals(new double[] {1, 0}, t.at(0.2), 0);
        assertArrayEquals(new double[] {0, 1}, t.at(0.3), 0);
        assertArrayEquals(new double[] {0, 1}, t.at(0.7), 0);
        assertArrayEquals(new double[] {0.6, 0.4}, new EtaTable(t.times(), t.eta()).at(0.2), 1e-12);
    }

    @Test
    void rulesParseAndNameThemselves() {
        for (String id : new String[] {"kernel", "uniform", "route", "best", "sum-to-one", "top:4"}) {
            assertEquals(id, CombinationRule.parse(id).id());
        }
        assertTrue(CombinationRule.parse("top:2").sparse());
        assertEquals(
                "unknown rule 'avg': expected kernel, uniform, route, best, sum-to-one, top:K or safe[:M]",
                assertThrows(IllegalArgumentException.class, () -> CombinationRule.parse("avg"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> CombinationRule.parse("top:0"));
    }

    /**
     * The Gaussian fixtures' two wrong models, re-solved under each rule: the file records the rule and the active
     * members, reads back the same weights, and a sparse ensemble calls exactly K models per sampling step.
     */
    @Test
    void aSparseEnsembleRecordsItsRuleAndCallsKModelsPerStep(@TempDir Path dir) throws Exception {
        Dataset all = Dataset.load(Fixtures.file("gauss_target.npy"));
        FitPlan plan = FitPlan.builder(Schedules.LINEAR, Grids.uniform(8), new PairSource(all.slice(0, 3000), 512, 0))
                .heldOut(new PairSource(all.slice(3000, all.size()), 256, 1))
                .build();
        String models = Fixtures.file("gauss_plus.pt") + "," + Fixtures.file("gauss_minus.onnx");
        try (KernelEnsemble dense = Fitter.fit(
                        FeatureFields.load(io.ksi.bridge.ModelRefs.resolve(models), LoadOptions.DEFAULT), plan);
                KernelEnsemble top1 = dense.withRule(new CombinationRule.Top(1));
                NDManager m = NDManager.newBaseManager("PyTorch")) {
            assertTrue(top1.meanHeldOutLoss() >= dense.meanHeldOutLoss(), "one member explains less than two");
            for (int k = 0; k < 9; k++) {
                assertEquals(1, top1.active(k).length);
            }
            Path file = dir.resolve("top1.json");
            EnsembleFile.write(file, top1, true);
            assertTrue(Files.readString(file).contains("\"active\":[["));
            try (KernelEnsemble back = EnsembleFile.read(file, LoadOptions.DEFAULT)) {
                assertEquals(new CombinationRule.Top(1), back.record().rule());
                assertTrue(back.eta().stepwise());
                // 10 steps on a grid that does not match the fit's: one model call per step, never the union of two
                back.sample(SampleRequest.of(50, 1, 10).withBatch(25), m, Progress.NONE);
                assertEquals(50 * 10, back.modelCalls());
            }
            dense.sample(SampleRequest.of(50, 1, 10), m, Progress.NONE);
            assertEquals(50 * 10 * 2, dense.modelCalls());
        }
    }

    /**
     * A screened fit whose screen uses all the pairs chooses the dense fit's top:K members and, evaluating only those,
     * gets the dense fit's top:K weights; the members left out are never evaluated (their rows stay zero), and the file
     * says how the members were chosen and refuses another rule.
     */
    @Test
    void aScreenedFitEvaluatesOnlyItsActiveMembers(@TempDir Path dir) throws Exception {
        Dataset all = Dataset.load(Fixtures.file("gauss_target.npy"));
        FitPlan plan = FitPlan.builder(Schedules.LINEAR, Grids.uniform(8), new PairSource(all.slice(0, 3000), 512, 0))
                .heldOut(new PairSource(all.slice(3000, all.size()), 256, 1))
                .build();
        String models = Fixtures.file("gauss_plus.pt") + "," + Fixtures.file("gauss_minus.onnx");
        try (KernelEnsemble dense = Fitter.fit(
                        FeatureFields.load(io.ksi.bridge.ModelRefs.resolve(models), LoadOptions.DEFAULT), plan);
                KernelEnsemble top1 = dense.withRule(new CombinationRule.Top(1));
                KernelEnsemble screened = Fitter.screened(
                        FeatureFields.load(io.ksi.bridge.ModelRefs.resolve(models), LoadOptions.DEFAULT),
                        plan,
                        1,
                        512);
                KernelEnsemble cheap = Fitter.screened(
                        FeatureFields.load(io.ksi.bridge.ModelRefs.resolve(models), LoadOptions.DEFAULT),
                        plan,
                        1,
                        64)) {
            for (int k = 0; k < 9; k++) {
                assertArrayEquals(top1.active(k), screened.active(k));
                assertArrayEquals(top1.eta().eta()[k], screened.eta().eta()[k], 1e-12);
                int left = 1 - screened.active(k)[0];
                assertEquals(0, screened.systems().get(k).k()[left][left], "member " + left + " not evaluated");
                assertEquals(0, screened.heldOutSystems().get(k).h()[left]);
            }
            assertEquals(new CombinationRule.Top(1), cheap.record().rule());
            assertEquals(64, cheap.record().screenPairs());
            assertEquals(32, cheap.record().screenHeldOutPairs(), "the held-out pairs screened in the same share");
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> cheap.withRule(CombinationRule.parse("uniform")));
            assertTrue(e.getMessage().contains("no sums for the others"), e.getMessage());
            try (KernelEnsemble same = cheap.withRule(new CombinationRule.Top(1))) {
                assertEquals(cheap.record(), same.record(), "its own rule keeps the screen");
            }
            Path file = dir.resolve("screened.json");
            EnsembleFile.write(file, cheap, true);
            assertTrue(Files.readString(file).contains("\"screen\":{\"pairs\":64,\"heldOutPairs\":32,\"every\":1}"));
            try (KernelEnsemble back = EnsembleFile.read(file, LoadOptions.DEFAULT);
                    KernelEnsemble again = back.withRidge(back.ridge())) {
                assertEquals(cheap.record(), back.record());
                for (int k = 0; k < 9; k++) {
                    assertArrayEquals(
                            cheap.eta().eta()[k], again.eta().eta()[k], 1e-12, "re-solved on the same members");
                }
            }
            List<FeatureField> both = FeatureFields.load(io.ksi.bridge.ModelRefs.resolve(models), LoadOptions.DEFAULT);
            try {
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Fitter.screened(both, plan, 2, 64),
                        "K must leave some member out");
            } finally {
                both.forEach(FeatureField::close);
            }
        }
    }

    /** The screened times: every N-th and the last, once. */
    @Test
    void aScreenFitsEveryNthTimeAndTheLast() {
        assertArrayEquals(new int[] {0, 4, 8}, Fitter.screenedTimes(9, 4));
        assertArrayEquals(new int[] {0, 4, 8, 9}, Fitter.screenedTimes(10, 4));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Fitter.screenedTimes(5, 1));
        assertArrayEquals(new int[] {0}, Fitter.screenedTimes(1, 3));
    }

    /**
     * A screen at every 3rd of 7 times (0, 3, 6) on all the pairs: each time takes the members the dense top:1 picks at
     * the nearest screened time, and the file records the stride.
     */
    @Test
    void aCoarseScreenGivesEachTimeTheNearestScreenedTimesMembers(@TempDir Path dir) throws Exception {
        Dataset all = Dataset.load(Fixtures.file("gauss_target.npy"));
        FitPlan plan = FitPlan.builder(Schedules.LINEAR, Grids.uniform(6), new PairSource(all.slice(0, 3000), 512, 0))
                .heldOut(new PairSource(all.slice(3000, all.size()), 256, 1))
                .build();
        String models = Fixtures.file("gauss_plus.pt") + "," + Fixtures.file("gauss_minus.onnx");
        int[] nearest = {0, 0, 3, 3, 3, 6, 6};
        try (KernelEnsemble dense = Fitter.fit(
                        FeatureFields.load(io.ksi.bridge.ModelRefs.resolve(models), LoadOptions.DEFAULT), plan);
                KernelEnsemble top1 = dense.withRule(new CombinationRule.Top(1));
                KernelEnsemble coarse = Fitter.screened(
                        FeatureFields.load(io.ksi.bridge.ModelRefs.resolve(models), LoadOptions.DEFAULT),
                        plan,
                        1,
                        512,
                        3)) {
            for (int k = 0; k < 7; k++) {
                assertArrayEquals(top1.active(nearest[k]), coarse.active(k), "time " + k);
            }
            assertEquals(3, coarse.record().screenEvery());
            Path file = dir.resolve("coarse.json");
            EnsembleFile.write(file, coarse, true);
            try (KernelEnsemble back = EnsembleFile.read(file, LoadOptions.DEFAULT)) {
                assertEquals(coarse.record(), back.record());
            }
        }
    }
}
