package io.ksi.ensemble.interpolant;

/**
 * An interpolant schedule I_t = alpha_t x0 + beta_t x1 with alpha_0 = beta_1 = 1 and alpha_1 = beta_0 = 0
 * (docs/method.md §1). Everything else — gamma_t and the optimal diffusion D*_t — is derived, never typed in per
 * schedule.
 */
public interface Schedule {
    String name();

    double alpha(double t);

    double beta(double t);

    double alphaDot(double t);

    double betaDot(double t);

    /** gamma_t = alpha_t beta'_t - alpha'_t beta_t, positive on [0, 1]. */
    default double gamma(double t) {
        return alpha(t) * betaDot(t) - alphaDot(t) * beta(t);
    }

    /** D*_t = alpha_t gamma_t / beta_t (docs/method.md §3): infinite at t = 0, zero at t = 1. */
    default double optimalDiffusion(double t) {
        return alpha(t) * gamma(t) / beta(t);
    }
}
