package io.ksi.ensemble.scattering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast 2D transform against the literal formulas of docs/scattering-spec.md §3 in float64: 1e-7. */
class Scattering2DTest extends WithTorchManager {
    /** A smooth anisotropic random field plus a little white noise, not zero-mean. */
    static double[] field(int m, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[m * n];
        for (int k = 0; k < 6; k++) {
            int fu = 1 + r.nextInt(4);
            int fv = r.nextInt(5);
            double ph = r.nextDouble() * 2 * Math.PI;
            double amp = 0.5 + r.nextDouble();
            for (int u = 0; u < m; u++) {
                for (int v = 0; v < n; v++) {
                    x[u * n + v] += amp * Math.cos(2 * Math.PI * (fu * u / (double) m + fv * v / (double) n) + ph);
                }
            }
        }
        for (int p = 0; p < x.length; p++) {
            x[p] += 0.3 + 0.2 * r.nextGaussian();
        }
        return x;
    }

    void check(int m, int n, int scales, Reduction reduction) {
        NaiveScattering2D naive = new NaiveScattering2D(m, n, scales, 4);
        Scattering2D fast = new Scattering2D(m, n, scales, 4, reduction);
        double[][] bank = fast.filters();
        for (int c = 0; c < bank.length; c++) {
            for (int p = 0; p < m * n; p++) {
                assertEquals(naive.psiHat[c][p], bank[c][p], 1e-10, "filter " + c + " bin " + p);
            }
        }
        double[] x = field(m, n, 1);
        double[] y = field(m, n, 2);
        double[] ref = naive.s2(y);
        double[] want = naive.vector(x, ref, reduction == Reduction.ISO);
        try (NDManager mm = manager.newSubManager()) {
            double[] s2 = fast.powerSpectrum(mm.create(y, new Shape(1, m, n)));
            for (int c = 0; c < s2.length; c++) {
                assertEquals(ref[c], s2[c], 1e-10 * ref[c], "S2 " + c);
            }
            double[] got = fast.features(mm.create(x, new Shape(1, m, n)), s2).toDoubleArray();
            assertEquals(want.length, got.length);
            assertEquals(Scattering2D.count(reduction, scales, 4), got.length);
            for (int i = 0; i < want.length; i++) {
                assertEquals(
                        want[i],
                        got[i],
                        1e-7 * Math.max(1, Math.abs(want[i])),
                        fast.featureLabels().get(i));
            }
        }
    }

    @Test
    void isotropicVectorMatchesTheFormulas() {
        check(16, 16, 3, Reduction.ISO);
    }

    @Test
    void nonSquareFieldsKeepTheirAxes() {
        check(16, 32, 3, Reduction.ISO);
    }

    @Test
    void fullVectorMatchesTheFormulas() {
        check(16, 16, 2, Reduction.FULL);
    }

    @Test
    void fullyIsotropicIsTheMeanOverOrientations() {
        Scattering2D iso = new Scattering2D(16, 16, 3, 4, Reduction.ISO);
        Scattering2D isoIso = new Scattering2D(16, 16, 3, 4, Reduction.ISO_ISO);
        try (NDManager mm = manager.newSubManager()) {
            NDArray x = mm.create(field(16, 16, 3), new Shape(1, 16, 16));
            double[] s2 = iso.powerSpectrum(x);
            double[] a = iso.features(x, s2).toDoubleArray();
            double[] b = isoIso.features(x, s2).toDoubleArray();
            assertEquals(Scattering2D.count(Reduction.ISO_ISO, 3, 4), b.length);
            // S4isoiso[0,0,0] = mean over (d2, d3) of S4iso[0,0,0,d2,d3]
            int s4iso = 1 + 6 + 4 * 6;
            int s4isoiso = 1 + 6 + 6;
            double mean = 0;
            for (int k = 0; k < 16; k++) {
                mean += a[s4iso + k] / 16;
            }
            assertEquals(mean, b[s4isoiso], 1e-12);
        }
    }

    @Test
    void countsFollowTheFormulas() {
        assertEquals(369, Scattering2D.count(Reduction.ISO, 4, 4));
        assertEquals(631, Scattering2D.count(Reduction.ISO, 5, 4));
        assertEquals(5001, Scattering2D.count(Reduction.FULL, 5, 4));
        assertEquals(61, Scattering2D.count(Reduction.ISO_ISO, 5, 4));
        assertEquals(369, new Scattering2D(64, 64, 4, 4, Reduction.ISO).featureCount());
        assertEquals(39, new Scattering2D(64, 64, 4, 4, Reduction.ISO_ISO).featureCount());
    }

    @Test
    void filtersPeakNearOneAtTheCentreFrequency() {
        Scattering2D s = new Scattering2D(64, 64, 4, 4, Reduction.ISO);
        for (int j = 0; j < 4; j++) {
            for (int l = 0; l < 4; l++) {
                double[] f = s.filters()[j * 4 + l];
                double max = 0;
                for (double v : f) {
                    max = Math.max(max, v);
                }
                assertTrue(Math.abs(max - 1) < 0.1, "peak of psi(" + j + "," + l + ") = " + max);
                double th = Filters2D.theta(l, 4);
                int ku = (int) Math.round(Filters2D.xi(j) * Math.cos(th) * 64 / (2 * Math.PI));
                int kv = (int) Math.round(Filters2D.xi(j) * Math.sin(th) * 64 / (2 * Math.PI));
                double atCentre = f[Math.floorMod(ku, 64) * 64 + Math.floorMod(kv, 64)];
                assertTrue(
                        atCentre > 0.8 * max,
                        "psi(" + j + "," + l + ") at its centre frequency: " + atCentre + " of " + max);
            }
        }
    }
}
