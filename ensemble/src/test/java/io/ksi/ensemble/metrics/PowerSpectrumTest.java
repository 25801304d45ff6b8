package io.ksi.ensemble.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PowerSpectrumTest {
    /** cos(2 pi (3u + 4v)/n) has |k| = 5 and mean square 1/2, all of it in shell 5 (Parseval). */
    @Test
    void aSingleModeLandsInItsShellWithItsPower() {
        int n = 32;
        float[] f = new float[n * n];
        for (int u = 0; u < n; u++) {
            for (int v = 0; v < n; v++) {
                f[u * n + v] = (float) Math.cos(2 * Math.PI * (3 * u + 4 * v) / n);
            }
        }
        double[] shells = PowerSpectrum.shells(new float[][] {f}, n);
        assertEquals(0.5, shells[5], 1e-6);
        double rest = 0;
        for (int s = 1; s < shells.length; s++) {
            rest += s == 5 ? 0 : shells[s];
        }
        assertEquals(0, rest, 1e-9);
        double[] oct = PowerSpectrum.octaves(shells);
        assertEquals(4, oct.length);
        assertEquals(0.5, oct[2], 1e-6);
    }
}
