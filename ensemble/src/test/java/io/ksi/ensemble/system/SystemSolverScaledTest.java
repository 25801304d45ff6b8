package io.ksi.ensemble.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SystemSolverScaledTest {
    /** Two features on scales 1 and 1e-4: scaling changes nothing without a ridge. */
    @Test
    void withoutRidgeScalingIsTheSameSolve() {
        double[][] k = {{2.0, 1e-4 * 0.5}, {1e-4 * 0.5, 1e-8 * 3.0}};
        double[] h = {1.0, 2e-4};
        LinearSystem s = new LinearSystem(k, h, 1, 10);
        double[] plain = SystemSolver.solve(s, 0).eta();
        double[] scaled = SystemSolver.solveScaled(s, 0).eta();
        for (int i = 0; i < 2; i++) {
            assertEquals(plain[i], scaled[i], 1e-9 * Math.abs(plain[i]));
        }
    }

    /** A ridge relative to trace/P swamps the small feature; relative to its own scale it shrinks both alike. */
    @Test
    void theRidgeWeighsSmallFeaturesLikeLargeOnes() {
        double[][] k = {{1.0, 0}, {0, 1e-8}};
        double[] h = {1.0, 1e-8};
        LinearSystem s = new LinearSystem(k, h, 1, 10);
        // exact eta = (1, 1); ridge 1e-2: plain lambda = 1e-2 * (1 + 1e-8)/2 kills feature 2, scaled shrinks both by
        // 1/(1+1e-2)
        double[] plain = SystemSolver.solve(s, 1e-2).eta();
        double[] scaled = SystemSolver.solveScaled(s, 1e-2).eta();
        assertEquals(1e-8 / (1e-8 + 5e-3), plain[1], 1e-12);
        assertEquals(1 / 1.01, scaled[0], 1e-12);
        assertEquals(1 / 1.01, scaled[1], 1e-12);
    }

    @Test
    void aFeatureWithZeroGradientGetsZeroWeight() {
        double[][] k = {{4.0, 0}, {0, 0}};
        double[] h = {2.0, 0};
        double[] eta =
                SystemSolver.solveScaled(new LinearSystem(k, h, 1, 10), 0).eta();
        assertEquals(0.5, eta[0], 1e-12);
        assertEquals(0.0, eta[1], 0);
    }
}
