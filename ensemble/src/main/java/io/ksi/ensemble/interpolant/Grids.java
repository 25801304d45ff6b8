package io.ksi.ensemble.interpolant;

/** Time grids 0 = t_0 < ... < t_K = 1. */
public final class Grids {
    private Grids() {}

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

    /**
     * t_0 = 0, t_K = 1 and K - 1 interior times uniform in ln(beta_t^2 / alpha_t^2) from {@code lo} to {@code hi}: a
     * component of variance s turns from noise to signal where beta^2 s = alpha^2, so eta_t changes on a log scale of
     * the signal-to-noise ratio; this grid spends its times evenly over the decades of variance the data holds.
     */
    public static double[] logSnr(int steps, Schedule schedule, double lo, double hi) {
        if (steps < 2) {
            throw new IllegalArgumentException("a log-SNR grid needs at least 2 steps, got " + steps);
        }
        if (!(hi > lo) || Double.isInfinite(lo) || Double.isInfinite(hi)) {
            throw new IllegalArgumentException(
                    "log-SNR range must be finite with lo < hi, got [" + lo + ", " + hi + "]");
        }
        double[] g = new double[steps + 1];
        g[steps] = 1;
        for (int k = 1; k < steps; k++) {
            double target = steps == 2 ? (lo + hi) / 2 : lo + (hi - lo) * (k - 1) / (steps - 2);
            g[k] = timeOfLogSnr(schedule, target);
        }
        for (int k = 1; k <= steps; k++) {
            if (!(g[k] > g[k - 1])) {
                throw new IllegalArgumentException("log-SNR range [" + lo + ", " + hi + "] is too wide for " + steps
                        + " steps in double precision");
            }
        }
        return g;
    }

    private static double timeOfLogSnr(Schedule s, double target) {
        double a = 0;
        double b = 1;
        for (int i = 0; i < 200 && b - a > 1e-15; i++) {
            double m = (a + b) / 2;
            double v = 2 * Math.log(s.beta(m) / s.alpha(m));
            if (v < target) {
                a = m;
            } else {
                b = m;
            }
        }
        return (a + b) / 2;
    }

    /**
     * The grid without its end point t_K = 1: the times where a sampler on this grid evaluates the drift. A fit needs
     * no more: at t = 1 the pairs carry no noise, so eta there is not the limit of eta_t, and interpolating towards it
     * would blunt the contraction of noise in the last interval (a table clamps beyond its last time instead).
     */
    public static double[] driftTimes(double[] grid) {
        if (grid.length < 2) {
            throw new IllegalArgumentException("a grid needs at least two times, got " + grid.length);
        }
        return java.util.Arrays.copyOf(grid, grid.length - 1);
    }
}
