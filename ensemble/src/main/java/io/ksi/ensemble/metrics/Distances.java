package io.ksi.ensemble.metrics;

/** Squared Euclidean distances between rows of flattened sample sets. */
final class Distances {
    private Distances() {}

    /** [n][m] squared distances between the n rows of a and the m rows of b (dimension d). */
    static double[][] squared(float[] a, float[] b, int d) {
        int n = a.length / d;
        int m = b.length / d;
        double[][] out = new double[n][m];
        double[] na = norms(a, d);
        double[] nb = norms(b, d);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double dot = 0;
                int oi = i * d;
                int oj = j * d;
                for (int k = 0; k < d; k++) {
                    dot += a[oi + k] * b[oj + k];
                }
                out[i][j] = Math.max(0, na[i] + nb[j] - 2 * dot);
            }
        }
        return out;
    }

    private static double[] norms(float[] a, int d) {
        double[] out = new double[a.length / d];
        for (int i = 0; i < out.length; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                s += a[i * d + k] * a[i * d + k];
            }
            out[i] = s;
        }
        return out;
    }
}
