package io.ksi.ensemble.metrics;

import java.util.Arrays;

/**
 * k-nearest-neighbour precision and recall (Kynkaanniemi et al. 2019): precision is the share of generated samples
 * inside the k-NN ball of some real sample (fidelity); recall is the share of real samples inside the k-NN ball of some
 * generated sample (coverage).
 */
public final class PrecisionRecall {
    public record Result(double precision, double recall) {}

    private PrecisionRecall() {}

    public static Result compute(float[] real, float[] generated, int d, int k) {
        double[] rr = radii(Distances.squared(real, real, d), k);
        double[] rg = radii(Distances.squared(generated, generated, d), k);
        double[][] gr = Distances.squared(generated, real, d);
        return new Result(coveredShare(gr, rr, true), coveredShare(gr, rg, false));
    }

    /**
     * Share of the points of one set that lie inside some ball of the other: the rows of {@code gr} (generated) against
     * the radii of the columns (real) when {@code rows}, else the columns against the radii of the rows.
     */
    private static double coveredShare(double[][] gr, double[] radii, boolean rows) {
        int n = rows ? gr.length : gr[0].length;
        int m = rows ? gr[0].length : gr.length;
        int covered = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                if ((rows ? gr[i][j] : gr[j][i]) <= radii[j]) {
                    covered++;
                    break;
                }
            }
        }
        return covered / (double) n;
    }

    /** Squared distance from each point to its k-th nearest other point. */
    private static double[] radii(double[][] dd, int k) {
        double[] out = new double[dd.length];
        for (int i = 0; i < dd.length; i++) {
            double[] row = dd[i].clone();
            Arrays.sort(row);
            out[i] = row[Math.min(k, row.length - 1)];
        }
        return out;
    }
}
