package io.ksi.models.oracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.ksi.bridge.Fixtures;
import io.ksi.bridge.ModelSpec;
import io.ksi.bridge.Npy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The flow of a weighted sum of models. Fixtures: gauss_plus = exact + e and gauss_minus = exact - e with e a fixed
 * affine field, so (plus + minus) / 2 is the exact velocity of N(m, S) and its flow must score points as the exact
 * model does; a lone model of weight 1 must be the oracle, number for number.
 */
class FlowLikelihoodTest {
    private static final List<ModelSpec> PAIR =
            List.of(ModelSpec.of(Fixtures.file("gauss_plus.pt")), ModelSpec.of(Fixtures.file("gauss_minus.pt")));

    @Test
    void theMeanOfTwoWrongFieldsHasTheExactFieldsLikelihood() {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                OracleLikelihood exact = new OracleLikelihood(Fixtures.file("gauss_exact.pt"));
                FlowLikelihood mean = new FlowLikelihood(PAIR, t -> new double[] {0.5, 0.5}, "plus/minus mean");
                FlowLikelihood plus = new FlowLikelihood(PAIR, t -> new double[] {1, 0}, "plus alone")) {
            NDArray x = Npy.read(m, Fixtures.file("gauss_target.npy")).get("0:40");
            double[] e = exact.evaluate(x, 100, 0, 1, 0.9).perSample();
            double[] a = mean.evaluate(x, 100, 0, 1, 0.9).perSample();
            for (int i = 0; i < e.length; i++) {
                // float32 arithmetic in two different graphs: agreement to rounding, far below the 1e-3 nats of the ODE
                assertEquals(e[i], a[i], 1e-4, "sample " + i);
            }
            // the perturbed field alone is a different model, and data drawn from N(m, S) are less likely under it
            // (Gibbs' inequality); the gap must stand out of its own sampling error
            double[] p = plus.evaluate(x, 100, 0, 1, 0.9).perSample();
            double[] gap = new double[e.length];
            for (int i = 0; i < e.length; i++) {
                gap[i] = e[i] - p[i];
            }
            double mu = java.util.Arrays.stream(gap).average().orElseThrow();
            double se = Math.sqrt(
                    java.util.Arrays.stream(gap).map(v -> (v - mu) * (v - mu)).sum() / (gap.length - 1) / gap.length);
            assertTrue(mu > 3 * se, "exact vs perturbed field: mean log-likelihood gap " + mu + " ± " + se);
        }
    }

    @Test
    void aLoneModelOfWeightOneIsTheOracle() {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                OracleLikelihood oracle = new OracleLikelihood(Fixtures.file("gauss_exact.pt"));
                FlowLikelihood flow = new FlowLikelihood(
                        List.of(ModelSpec.of(Fixtures.file("gauss_exact.pt"))), t -> new double[] {1}, "exact")) {
            NDArray x = Npy.read(m, Fixtures.file("gauss_target.npy")).get("0:16");
            assertArrayEquals(
                    oracle.evaluate(x, 20, 2, 5, 0.9).perSample(),
                    flow.evaluate(x, 20, 2, 5, 0.9).perSample(),
                    0.0);
        }
    }

    @Test
    void weightsThatDoNotFitAreNamed() {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                FlowLikelihood three = new FlowLikelihood(PAIR, t -> new double[] {1, 1, 1}, "my ensemble");
                FlowLikelihood nan = new FlowLikelihood(PAIR, t -> new double[] {1, Double.NaN}, "my ensemble")) {
            NDArray x = Npy.read(m, Fixtures.file("gauss_target.npy")).get("0:4");
            var wrong = assertThrows(IllegalArgumentException.class, () -> three.evaluate(x, 4, 1, 1));
            assertTrue(
                    wrong.getMessage().contains("my ensemble: 3 weights")
                            && wrong.getMessage().contains("for 2 models"),
                    wrong.getMessage());
            var bad = assertThrows(IllegalArgumentException.class, () -> nan.evaluate(x, 4, 1, 1));
            assertTrue(bad.getMessage().contains("my ensemble: non-finite weight"), bad.getMessage());
        }
        var none = assertThrows(
                IllegalArgumentException.class, () -> new FlowLikelihood(List.of(), t -> new double[0], "empty"));
        assertTrue(none.getMessage().contains("empty: a flow needs at least one velocity model"), none.getMessage());
    }
}
