package io.ksi.bridge;

import java.util.Locale;

/**
 * What a checkpoint predicts. Noise (x0) and data (x1) predictions are turned into a velocity with the interpolant I_t
 * = alpha_t x0 + beta_t x1 of the model's schedule by the ensemble layer, which owns the schedules.
 */
public enum OutputKind {
    /** dI/dt itself. */
    VELOCITY,
    /** E[x0 | I_t = x]: the epsilon of diffusion models. */
    NOISE,
    /** E[x1 | I_t = x]: a denoiser. */
    DATA;

    public static OutputKind parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "velocity", "v" -> VELOCITY;
            case "noise", "eps", "epsilon" -> NOISE;
            case "data", "x0-prediction", "denoiser" -> DATA;
            default ->
                throw new IllegalArgumentException("unknown output kind '" + s + "': expected velocity, noise or data");
        };
    }
}
