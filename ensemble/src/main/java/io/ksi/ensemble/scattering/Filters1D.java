package io.ksi.ensemble.scattering;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The 1D filter bank of docs/scattering-spec.md §1.3–1.4 in Fourier, on the padded grid of N bins, in double precision:
 * rows j = 0..J-1 are the band-pass filters (finest first), row J the low-pass.
 */
public final class Filters1D {
    /** Centre of the Battle–Lemarié mother wavelet. */
    static final double XI_BL = 0.75 * 1.012470304985129;

    private Filters1D() {}

    public static double[][] bank(Wavelet w, int scales, int n, double nuMax) {
        if (scales < 1 || n < 8) {
            throw new IllegalArgumentException("need J >= 1 and N >= 8, got J=" + scales + ", N=" + n);
        }
        if (w == Wavelet.BATTLE_LEMARIE) {
            return battleLemarie(scales, n, nuMax);
        }
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            return morlet(scales, n, nuMax, manager);
        }
    }

    static double xi(int j, double nuMax) {
        return nuMax * Math.pow(2, -j);
    }

    // ---- Battle–Lemarié (§1.3) ----

    static double a(double f) {
        double c = sq(Math.cos(Math.PI * f));
        double s = sq(Math.sin(Math.PI * f));
        return (5 + 30 * c + 30 * s * c + 70 * c * c + 2 * s * s * c + (2.0 / 3.0) * s * s * s) / (105 * 256);
    }

    static double b(double f) {
        double s = sq(Math.sin(Math.PI * f));
        return s * s * s * s;
    }

    static double r(double f) {
        if (f == 0) {
            return 1.0 / 16;
        }
        double w = 2 * Math.PI * f;
        return Math.sqrt(b(f)) / (w * w * w * w);
    }

    static boolean oddInteger(double f) {
        return f == Math.rint(f) && Math.abs(Math.rint(f)) % 2 == 1;
    }

    static double[][] battleLemarie(int scales, int n, double nuMax) {
        double[][] bank = new double[scales + 1][n];
        for (int j = 0; j < scales; j++) {
            double[] psi = bank[j];
            double stretch = XI_BL / xi(j, nuMax);
            for (int k = 0; k < n; k++) {
                double f = k / (double) n * stretch;
                double lead = Math.sqrt(a(f / 2 + 0.5) / (a(f) * a(f / 2)));
                double tail;
                if (oddInteger(f)) {
                    double p = Math.PI * f;
                    tail = Math.sqrt(b(f / 2)) / (p * p * p * p);
                } else {
                    tail = r(f) * Math.sqrt(b(f / 2) / b(f / 2 + 0.5));
                }
                psi[k] = lead * tail;
            }
            cutSideLobes(psi);
            zeroNegativeTail(psi);
        }
        double stretch = XI_BL / xi(scales - 1, nuMax);
        for (int k = 0; k < n; k++) {
            double f = signedFrequency(k, n) * stretch;
            bank[scales][k] = r(f) / Math.sqrt(a(f));
        }
        return bank;
    }

    /** Step 3 of §1.3: everything after the first local minimum goes. */
    private static void cutSideLobes(double[] psi) {
        int n = psi.length;
        int cut = n - 1;
        for (int i = 1; i < n - 1; i++) {
            if (psi[i - 1] > psi[i] && psi[i] < psi[i + 1]) {
                cut = i;
                break;
            }
        }
        for (int m = cut + 1; m < n; m++) {
            psi[m] = 0;
        }
    }

    /** Step 4 of §1.3: the fine wavelets must not respond to small negative frequencies. */
    private static void zeroNegativeTail(double[] psi) {
        int n = psi.length;
        for (int k = n - n / 8; k < n; k++) {
            psi[k] = 0;
        }
    }

    static double signedFrequency(int k, int n) {
        return k < (n + 1) / 2 ? k / (double) n : (k - n) / (double) n;
    }

    // ---- Morlet (§1.4) ----

    static double[][] morlet(int scales, int n, double nuMax, NDManager manager) {
        double[][] bank = new double[scales + 1][n];
        double[] h = null;
        for (int j = 0; j < scales; j++) {
            double xi = xi(j, nuMax);
            double sigma = xi / 3 / Math.sqrt(Math.log(2));
            double[] g = periodizedGaussian(n, sigma, xi);
            h = periodizedGaussian(n, sigma, 0);
            double ratio = g[0] / h[0];
            double[] m = new double[n];
            for (int k = 0; k < n; k++) {
                m[k] = g[k] - ratio * h[k];
            }
            double l1 = timeL1(m, manager);
            for (int k = 0; k < n; k++) {
                bank[j][k] = m[k] / l1;
            }
            zeroNegativeTail(bank[j]);
        }
        double l1 = timeL1(h, manager);
        for (int k = 0; k < n; k++) {
            bank[scales][k] = h[k] / l1;
        }
        return bank;
    }

    private static double[] periodizedGaussian(int n, double sigma, double centre) {
        double[] g = new double[n];
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int p = -1; p <= 1; p++) {
                double v = k / (double) n + p - centre;
                s += Math.exp(-v * v / (2 * sigma * sigma));
            }
            g[k] = s / 3;
        }
        return g;
    }

    /** sum_n |IDFT(hat)[n]|: the l1 norm in time of a filter given in Fourier. */
    private static double timeL1(double[] hat, NDManager manager) {
        try (NDManager m = manager.newSubManager()) {
            NDArray f = m.create(hat);
            return f.ifft(hat.length).abs().sum().getDouble();
        }
    }

    private static double sq(double v) {
        return v * v;
    }
}
