package io.ksi.ensemble.metrics;

import java.util.Arrays;

/**
 * The stylized facts of financial returns the generated series are judged by: heavy tails (kurtosis, the density),
 * volatility clustering (autocorrelation of |r| positive for many lags, of r near zero) and the leverage effect (past
 * returns anti-correlated with future volatility).
 */
public final class StylizedFacts {
    private StylizedFacts() {}

    public static double mean(double[] r) {
        return Arrays.stream(r).average().orElse(Double.NaN);
    }

    public static double std(double[] r) {
        double m = mean(r);
        double s = 0;
        for (double v : r) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / r.length);
    }

    /** The excess-free kurtosis E[(r - m)^4] / var^2 (3 for a Gaussian). */
    public static double kurtosis(double[] r) {
        double m = mean(r);
        double s2 = 0;
        double s4 = 0;
        for (double v : r) {
            double d = (v - m) * (v - m);
            s2 += d;
            s4 += d * d;
        }
        s2 /= r.length;
        s4 /= r.length;
        return s4 / (s2 * s2);
    }

    public static double skewness(double[] r) {
        double m = mean(r);
        double s = std(r);
        double s3 = 0;
        for (double v : r) {
            s3 += Math.pow((v - m) / s, 3);
        }
        return s3 / r.length;
    }

    /** Sample autocorrelation at lags 1..maxLag. */
    public static double[] autocorrelation(double[] r, int maxLag) {
        double m = mean(r);
        double var = 0;
        for (double v : r) {
            var += (v - m) * (v - m);
        }
        double[] acf = new double[maxLag];
        for (int lag = 1; lag <= maxLag; lag++) {
            double c = 0;
            for (int t = 0; t + lag < r.length; t++) {
                c += (r[t] - m) * (r[t + lag] - m);
            }
            acf[lag - 1] = c / var;
        }
        return acf;
    }

    public static double[] abs(double[] r) {
        return Arrays.stream(r).map(Math::abs).toArray();
    }

    /**
     * Leverage at tau = 1..maxLag: E[r_t r_{t+tau}^2] / sigma^3 on the centred series, a dimensionless version of
     * Bouchaud et al.'s L(tau). Negative for stock indices: falls are followed by higher volatility.
     */
    public static double[] leverage(double[] r, int maxLag) {
        double m = mean(r);
        double s = std(r);
        double[] out = new double[maxLag];
        for (int tau = 1; tau <= maxLag; tau++) {
            double acc = 0;
            int n = 0;
            for (int t = 0; t + tau < r.length; t++) {
                double later = r[t + tau] - m;
                acc += (r[t] - m) * later * later;
                n++;
            }
            out[tau - 1] = acc / n / (s * s * s);
        }
        return out;
    }

    /** Two-sample Kolmogorov–Smirnov distance between the empirical distributions of a and b. */
    public static double ksDistance(double[] a, double[] b) {
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < x.length && j < y.length) {
            double v = Math.min(x[i], y[j]);
            while (i < x.length && x[i] <= v) {
                i++;
            }
            while (j < y.length && y[j] <= v) {
                j++;
            }
            d = Math.max(d, Math.abs(i / (double) x.length - j / (double) y.length));
        }
        return d;
    }

    /** Mean of f over the first {@code lags} entries. */
    public static double meanOf(double[] f, int lags) {
        double s = 0;
        for (int i = 0; i < lags; i++) {
            s += f[i];
        }
        return s / lags;
    }
}
