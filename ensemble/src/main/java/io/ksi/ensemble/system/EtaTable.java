package io.ksi.ensemble.system;

/**
 * eta_i(t) on the fitting grid, linearly interpolated in t (clamped at the ends) for other sampling grids; or, for a
 * sparse ensemble ({@code stepwise}), the row of the nearest grid time, so that a step calls the K members active there
 * and not the union of two neighbours' sets.
 */
public record EtaTable(double[] times, double[][] eta, boolean stepwise) {
    public EtaTable(double[] times, double[][] eta) {
        this(times, eta, false);
    }

    public EtaTable {
        if (times.length != eta.length || times.length == 0) {
            throw new IllegalArgumentException(
                    "eta table needs one row per time, got " + times.length + " times and " + eta.length + " rows");
        }
        for (int i = 1; i < times.length; i++) {
            if (!(times[i] > times[i - 1])) {
                throw new IllegalArgumentException("eta table times must increase");
            }
        }
    }

    public int features() {
        return eta[0].length;
    }

    public double[] at(double t) {
        int n = times.length;
        if (t <= times[0]) {
            return eta[0].clone();
        }
        if (t >= times[n - 1]) {
            return eta[n - 1].clone();
        }
        int lo = 0;
        int hi = n - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= t) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double w = (t - times[lo]) / (times[hi] - times[lo]);
        if (stepwise) {
            return eta[w < 0.5 ? lo : hi].clone();
        }
        double[] out = new double[features()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (1 - w) * eta[lo][i] + w * eta[hi][i];
        }
        return out;
    }
}
