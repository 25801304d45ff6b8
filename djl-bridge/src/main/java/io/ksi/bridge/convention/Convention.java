package io.ksi.bridge.convention;

import com.google.gson.JsonObject;

/**
 * How a model trained on x_m = a_s x1 + sigma_s eps (eps ~ N(0, I), s its own noise level) is called at a
 * signal-to-noise ratio, and how its output reads (docs/method.md §6). A model sees the same posterior as ksi at time t
 * when the SNRs match, a_s^2 / sigma_s^2 = beta_t^2 / alpha_t^2; then, with c = a_s / beta_t = sigma_s / alpha_t, it is
 * fed x_m = c x and its own timestep, and its output gives estimates of eps (ksi's x0) and x1, both linear in x_m and
 * the output. Each kind is one small class with its schedule inverted in one place.
 */
public interface Convention {
    /** The name in manifests: ddpm, flow-match, edm-denoiser, edm-precond, vp-sde, ve-sde. */
    String kind();

    /** The model's noise level of this SNR (clamped to the range it was trained on, see {@link #snrRange()}). */
    Level level(double snr);

    /** [lowest, highest] SNR the model's schedule reaches: outside, ksi uses the nearest end. */
    double[] snrRange();

    /** Whether the network takes its timestep as int64 (rounded to the nearest step) rather than float32. */
    default boolean integerTimestep() {
        return false;
    }

    /** The parameters, as written back into manifests and ensemble files (with "kind"). */
    JsonObject describe();

    /**
     * One noise level: x_m = a x1 + sigma eps; the network is called with {@code inputScale * x_m} and
     * {@code timestep}; its output {@code out} reads as eps_hat = epsFromX x_m + epsFromOut out and x1_hat = x1FromX
     * x_m + x1FromOut out.
     */
    record Level(
            double a,
            double sigma,
            double timestep,
            double inputScale,
            double epsFromX,
            double epsFromOut,
            double x1FromX,
            double x1FromOut) {}

    /** The SNR a^2 / sigma^2 of a level. */
    static double snr(double a, double sigma) {
        return a * a / (sigma * sigma);
    }
}
