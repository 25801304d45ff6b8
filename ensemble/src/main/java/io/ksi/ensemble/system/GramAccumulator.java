package io.ksi.ensemble.system;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.Serializable;

/**
 * Accumulates K, h and E|dI/dt|^2 in double precision over batches of pairs: memory does not depend on the number of
 * pairs. The products run on the engine (and the device) where the feature values already are.
 */
public final class GramAccumulator {
    private final int p;
    private final double[] k;
    private final double[] h;
    private double velocityNorm2;
    private long n;

    public GramAccumulator(int p) {
        this.p = p;
        this.k = new double[p * p];
        this.h = new double[p];
    }

    /**
     * The sums of one batch, or of a chunk of batches ({@link #sums()}): what a distributed fit ships back. Adding the
     * same partials in the same order gives the same bits wherever they were computed.
     */
    public record Partial(double[] k, double[] h, double velocityNorm2, long n) implements Serializable {
        /**
         * @param features [P, B, D] feature-field values at I_t
         * @param velocity [B, D] dI/dt for the same pairs
         */
        public static Partial of(NDArray features, NDArray velocity) {
            long b = velocity.getShape().get(0);
            long p = features.getShape().get(0);
            try (NDManager scope = features.getManager().newSubManager()) {
                features.tempAttach(scope);
                velocity.tempAttach(scope);
                NDArray v = features.reshape(p, -1).toType(DataType.FLOAT64, false);
                NDArray d = velocity.reshape(-1, 1).toType(DataType.FLOAT64, false);
                return new Partial(
                        v.matMul(v.transpose()).toDoubleArray(),
                        v.matMul(d).toDoubleArray(),
                        d.square().sum().getDouble(),
                        b);
            }
        }
    }

    /**
     * @param features [P, B, D] feature-field values at I_t
     * @param velocity [B, D] dI/dt for the same pairs
     */
    public void add(NDArray features, NDArray velocity) {
        add(Partial.of(features, velocity));
    }

    /** Adds one batch's sums: the fit's running totals, in the order the batches are added. */
    public void add(Partial b) {
        if (b.h().length != p || b.k().length != p * p) {
            throw new IllegalArgumentException(
                    "a partial of " + b.h().length + " features added to a Gram matrix of " + p);
        }
        for (int i = 0; i < b.k().length; i++) {
            k[i] += b.k()[i];
        }
        for (int i = 0; i < p; i++) {
            h[i] += b.h()[i];
        }
        velocityNorm2 += b.velocityNorm2();
        n += b.n();
    }

    /** The sums so far, as one partial (a chunk's sums, to be added to the fit's totals in chunk order). */
    public Partial sums() {
        return new Partial(k.clone(), h.clone(), velocityNorm2, n);
    }

    public LinearSystem system() {
        if (n == 0) {
            throw new IllegalStateException("no pairs accumulated");
        }
        double[][] km = new double[p][p];
        double[] hm = new double[p];
        for (int i = 0; i < p; i++) {
            hm[i] = h[i] / n;
            for (int j = 0; j < p; j++) {
                // symmetrize: the two triangles differ by float rounding only
                km[i][j] = 0.5 * (k[i * p + j] + k[j * p + i]) / n;
            }
        }
        return new LinearSystem(km, hm, velocityNorm2 / n, n);
    }
}
