package io.ksi.ensemble.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricsTest {
    static float[] gaussian(int n, int d, double shift, double sigma, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((i % d == 0 ? shift : 0) + sigma * r.nextGaussian());
        }
        return v;
    }

    @Test
    void mmdMatchesTheClosedFormForShiftedGaussians() {
        // N(0, s^2 I) vs N(mu e_0, s^2 I): MMD^2 = 2 (1 + 2 s^2/h^2)^(-d/2) (1 - exp(-mu^2 / (2 (h^2 + 2 s^2))))
        int d = 3;
        double mu = 1.0;
        double h = 1.5;
        double exact = 2 * Math.pow(1 + 2 / (h * h), -d / 2.0) * (1 - Math.exp(-mu * mu / (2 * (h * h + 2))));
        int blocks = 10;
        double[] est = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            est[b] =
                    Mmd.squared(gaussian(300, d, 0, 1, 2 * b), gaussian(300, d, mu, 1, 2 * b + 1), d, new double[] {h});
        }
        double mean = java.util.Arrays.stream(est).average().orElseThrow();
        double sd = Math.sqrt(
                java.util.Arrays.stream(est).map(v -> (v - mean) * (v - mean)).sum() / (blocks - 1));
        assertEquals(
                exact,
                mean,
                5 * sd / Math.sqrt(blocks),
                "exact " + exact + " blocks " + java.util.Arrays.toString(est));
        // same law: the unbiased estimate is centred on zero
        double same = Mmd.squared(gaussian(300, d, 0, 1, 50), gaussian(300, d, 0, 1, 51), d, new double[] {h});
        assertTrue(Math.abs(same) < 5 * sd / Math.sqrt(blocks) + 5 * sd, "same-law MMD " + same);
    }

    @Test
    void precisionAndRecallSeeFidelityAndCoverage() {
        int d = 2;
        float[] real = new float[400 * d];
        float[] modeA = gaussian(200, d, -5, 0.5, 1);
        float[] modeB = gaussian(200, d, 5, 0.5, 2);
        System.arraycopy(modeA, 0, real, 0, modeA.length);
        System.arraycopy(modeB, 0, real, modeA.length, modeB.length);
        // generated covers only mode A: full precision, half recall
        PrecisionRecall.Result dropped = PrecisionRecall.compute(real, gaussian(200, d, -5, 0.5, 3), d, 3);
        assertTrue(dropped.precision() > 0.9, "precision " + dropped.precision());
        assertEquals(0.5, dropped.recall(), 0.06);
        // generated far from everything: no precision, no recall
        PrecisionRecall.Result far = PrecisionRecall.compute(real, gaussian(200, d, 40, 0.5, 4), d, 3);
        assertEquals(0.0, far.precision());
        assertEquals(0.0, far.recall());
    }
}
