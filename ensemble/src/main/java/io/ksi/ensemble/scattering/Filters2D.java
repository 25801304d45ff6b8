package io.ksi.ensemble.scattering;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The 2D Morlet filters of docs/scattering-spec.md §3.2 (Cheng et al., kymatio design), built in space on the periodic
 * grid, then transformed: ψ̂_{j,l} real, [J*L][M*N] with row j*L + l, zero at the origin.
 */
public final class Filters2D {
    private Filters2D() {}

    public static double sigma(int j) {
        return 0.8 * Math.pow(2, j);
    }

    public static double xi(int j) {
        return 3 * Math.PI / 4 * Math.pow(2, -j);
    }

    public static double theta(int l, int orientations) {
        return (orientations / 2.0 - 1 - l) * Math.PI / orientations;
    }

    public static double[][] bank(int m, int n, int scales, int orientations) {
        double[][] out = new double[scales * orientations][];
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            for (int j = 0; j < scales; j++) {
                for (int l = 0; l < orientations; l++) {
                    out[j * orientations + l] =
                            filter(m, n, sigma(j), theta(l, orientations), xi(j), 4.0 / orientations, manager);
                }
            }
        }
        return out;
    }

    /** Re(DFT2(g_xi - beta g_0)) with the origin zeroed. */
    static double[] filter(int m, int n, double sigma, double theta, double xi, double slant, NDManager manager) {
        double[] wave = gabor(m, n, sigma, theta, xi, slant);
        double[] env = gabor(m, n, sigma, theta, 0, slant);
        double sr = 0;
        double si = 0;
        double er = 0;
        for (int p = 0; p < m * n; p++) {
            sr += wave[2 * p];
            si += wave[2 * p + 1];
            er += env[2 * p];
        }
        double br = sr / er;
        double bi = si / er;
        double[] psi = new double[2 * m * n];
        for (int p = 0; p < m * n; p++) {
            psi[2 * p] = wave[2 * p] - br * env[2 * p];
            psi[2 * p + 1] = wave[2 * p + 1] - bi * env[2 * p];
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray z = scope.create(psi, new Shape(m, n, 2)).complex();
            double[] hat = z.fft2(new long[] {m, n}, new long[] {0, 1})
                    .real()
                    .get(":, :, 0")
                    .toDoubleArray();
            hat[0] = 0;
            return hat;
        }
    }

    /** (kappa / 2 pi sigma^2) sum over the four periodic images of the oriented Gaussian times the plane wave. */
    private static double[] gabor(int m, int n, double sigma, double theta, double xi, double slant) {
        double c = Math.cos(theta);
        double s = Math.sin(theta);
        double norm = slant / (2 * Math.PI * sigma * sigma);
        double[] g = new double[2 * m * n];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < n; k++) {
                double re = 0;
                double im = 0;
                for (int a : new int[] {0, -m}) {
                    for (int b : new int[] {0, -n}) {
                        double u = i + a;
                        double v = k + b;
                        double up = u * c + v * s;
                        double vp = -u * s + v * c;
                        double e = Math.exp(-(up * up + slant * slant * vp * vp) / (2 * sigma * sigma));
                        re += e * Math.cos(xi * up);
                        im += e * Math.sin(xi * up);
                    }
                }
                g[2 * (i * n + k)] = norm * re;
                g[2 * (i * n + k) + 1] = norm * im;
            }
        }
        return g;
    }
}
