package io.ksi.ensemble.system;

/**
 * The P x P system of Proposition 2.1 at one time: K_t[i][j] = E[grad phi_i . grad phi_j], h_t[i] = E[grad phi_i .
 * dI/dt], and E|dI/dt|^2 for the loss, averaged over n pairs.
 */
public record LinearSystem(double[][] k, double[] h, double velocityNorm2, long n) {
    public int size() {
        return h.length;
    }

    /** L(eta) = eta.K.eta - 2 eta.h + E|dI/dt|^2: the drift's regression loss on these pairs (docs/method.md §2). */
    public double loss(double[] eta) {
        double q = 0;
        double l = 0;
        for (int i = 0; i < eta.length; i++) {
            l += eta[i] * h[i];
            for (int j = 0; j < eta.length; j++) {
                q += eta[i] * k[i][j] * eta[j];
            }
        }
        return q - 2 * l + velocityNorm2;
    }

    /** The system of a subset of the features: a sub-block of K and h (no model needs re-evaluating). */
    public LinearSystem subset(int[] idx) {
        double[][] ks = new double[idx.length][idx.length];
        double[] hs = new double[idx.length];
        for (int a = 0; a < idx.length; a++) {
            hs[a] = h[idx[a]];
            for (int b = 0; b < idx.length; b++) {
                ks[a][b] = k[idx[a]][idx[b]];
            }
        }
        return new LinearSystem(ks, hs, velocityNorm2, n);
    }

    /** This system of the members {@code idx} placed in a system of {@code p} members, zeros elsewhere. */
    public LinearSystem embed(int[] idx, int p) {
        if (idx.length != size()) {
            throw new IllegalArgumentException(idx.length + " indices for a system of " + size() + " members");
        }
        double[][] kp = new double[p][p];
        double[] hp = new double[p];
        for (int a = 0; a < idx.length; a++) {
            hp[idx[a]] = h[a];
            for (int b = 0; b < idx.length; b++) {
                kp[idx[a]][idx[b]] = k[a][b];
            }
        }
        return new LinearSystem(kp, hp, velocityNorm2, n);
    }

    /** The members with sums in this system (K_ii > 0): all, except in a screened fit's. */
    public int[] evaluated() {
        return java.util.stream.IntStream.range(0, size())
                .filter(i -> k[i][i] > 0)
                .toArray();
    }
}
