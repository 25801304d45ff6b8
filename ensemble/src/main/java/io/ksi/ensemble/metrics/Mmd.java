package io.ksi.ensemble.metrics;

import java.util.Arrays;

/**
 * Unbiased squared maximum mean discrepancy with Gaussian (RBF) kernels k(x, y) = exp(-|x-y|^2 / (2 h^2)), summed over
 * several bandwidths h. {@link #bandwidths} picks them from the median pairwise distance of the reference set.
 */
public final class Mmd {
    private Mmd() {}

    /** Median heuristic: h = median distance within the reference set, times each factor. */
    public static double[] bandwidths(float[] reference, int d, double... factors) {
        double[][] dd = Distances.squared(reference, reference, d);
        int n = dd.length;
        double[] v = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                v[k++] = dd[i][j];
            }
        }
        Arrays.sort(v);
        double median = Math.sqrt(v[v.length / 2]);
        double[] h = new double[factors.length];
        for (int i = 0; i < h.length; i++) {
            h[i] = median * factors[i];
        }
        return h;
    }

    /** MMD^2_u(x, y), summed over the bandwidths; x and y are n and m rows of dimension d (n, m >= 2). */
    public static double squared(float[] x, float[] y, int d, double[] bandwidths) {
        double[][] xx = Distances.squared(x, x, d);
        double[][] yy = Distances.squared(y, y, d);
        double[][] xy = Distances.squared(x, y, d);
        double total = 0;
        for (double h : bandwidths) {
            double g = 1 / (2 * h * h);
            total += offDiagonalMean(xx, g) + offDiagonalMean(yy, g) - 2 * mean(xy, g);
        }
        return total;
    }

    private static double offDiagonalMean(double[][] dd, double g) {
        int n = dd.length;
        double s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    s += Math.exp(-g * dd[i][j]);
                }
            }
        }
        return s / ((double) n * (n - 1));
    }

    private static double mean(double[][] dd, double g) {
        double s = 0;
        for (double[] row : dd) {
            for (double v : row) {
                s += Math.exp(-g * v);
            }
        }
        return s / ((double) dd.length * dd[0].length);
    }
}
