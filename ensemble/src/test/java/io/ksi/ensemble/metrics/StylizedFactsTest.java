package io.ksi.ensemble.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each statistic against an exact answer or a process whose value is known, with Monte-Carlo tolerances. */
class StylizedFactsTest {
    @Test
    void exactValuesOnSmallArrays() {
        double[] x = {1, -1, 1, -1};
        assertEquals(1.0, StylizedFacts.kurtosis(x), 1e-12);
        assertEquals(1.0, StylizedFacts.std(x), 1e-12);
        assertEquals(-0.75, StylizedFacts.autocorrelation(x, 1)[0], 1e-12);
        assertEquals(0.5, StylizedFacts.ksDistance(new double[] {0, 1}, new double[] {1, 2}), 1e-12);
        assertEquals(0.0, StylizedFacts.ksDistance(new double[] {3, 1, 2}, new double[] {1, 2, 3}), 1e-12);
        // leverage of x = (1, -1, 1, -1): E[x_t x_{t+1}^2] = mean of (1, -1, 1) = 1/3, sigma = 1
        assertEquals(1.0 / 3, StylizedFacts.leverage(x, 1)[0], 1e-12);
    }

    @Test
    void gaussianNoiseHasKurtosisThreeAndNoMemory() {
        int n = 200_000;
        double[] x = new double[n];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
        }
        // sd of the sample kurtosis is sqrt(24/n), of an autocorrelation 1/sqrt(n)
        assertEquals(3.0, StylizedFacts.kurtosis(x), 5 * Math.sqrt(24.0 / n));
        assertEquals(0.0, StylizedFacts.autocorrelation(x, 5)[4], 5 / Math.sqrt(n));
        assertEquals(0.0, StylizedFacts.leverage(x, 3)[2], 5 * Math.sqrt(3.0 / n));
    }

    @Test
    void ar1AutocorrelationIsPhiToTheLag() {
        int n = 200_000;
        double phi = 0.6;
        double[] x = new double[n];
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 1; i < n; i++) {
            x[i] = phi * x[i - 1] + r.nextGaussian();
        }
        double[] acf = StylizedFacts.autocorrelation(x, 3);
        // Bartlett: var of the lag-k estimate ~ (1 + phi^2)(1 - phi^2k)/(1 - phi^2)/n - ..., below 4/n here
        for (int k = 1; k <= 3; k++) {
            assertEquals(Math.pow(phi, k), acf[k - 1], 5 * Math.sqrt(4.0 / n), "lag " + k);
        }
    }

    @Test
    void studentTHasTheKnownKurtosisAndKsSeesTheDifference() {
        int n = 400_000;
        double[] t = new double[n];
        double[] g = new double[n];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            double chi = 0;
            for (int k = 0; k < 10; k++) {
                double z = r.nextGaussian();
                chi += z * z;
            }
            t[i] = r.nextGaussian() / Math.sqrt(chi / 10);
            g[i] = r.nextGaussian();
        }
        // Student t with 10 degrees of freedom: kurtosis 3 + 6/(10-4) = 4; its estimate is noisy (8th moment), 2% here
        assertEquals(4.0, StylizedFacts.kurtosis(t), 0.2);
        double ks = StylizedFacts.ksDistance(t, g);
        // the true KS distance between t10 and N(0,1) is about 0.012; the sampling error ~ 1.36 sqrt(2/n) = 0.003
        assertEquals(0.012, ks, 0.006);
    }
}
