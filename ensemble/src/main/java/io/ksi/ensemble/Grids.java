package io.ksi.ensemble;

/** Time grids 0 = t_0 < ... < t_K = 1. */
public final class Grids {
    private Grids() {
    }

    public static double[] uniform(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("need at least one step, got " + steps);
        }
        double[] g = new double[steps + 1];
        for (int k = 0; k <= steps; k++) {
            g[k] = k / (double) steps;
        }
        return g;
    }
}
