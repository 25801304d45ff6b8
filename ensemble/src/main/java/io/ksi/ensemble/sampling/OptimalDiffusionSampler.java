package io.ksi.ensemble.sampling;

import ai.djl.ndarray.NDArray;
import io.ksi.bridge.Progress;
import io.ksi.ensemble.interpolant.Schedule;

/**
 * The optimal-diffusion integrator (docs/method.md §4, eq. 16): eq. 14 integrated over each step with the drift frozen
 * at (t_k, X_k) and the trapezoidal rule for the integrals of beta and of 2 alpha beta gamma: beta_{k+1} X_{k+1} =
 * beta_k X_k + (beta_k + beta_{k+1}) dt b_hat(t_k, X_k) + sqrt(S_k) xi_k, S_k = dt (alpha_k beta_k gamma_k +
 * alpha_{k+1} beta_{k+1} gamma_{k+1}). At t_0 = 0, beta_0 = 0 removes X_0 from the update: no clamping of D* = infinity
 * is needed. The last step, into t_K = 1 where alpha_K = 0 and D* = 0, is an ODE step without noise (docs/method.md
 * §4): the trapezoid would leave noise of standard deviation about dt in every sample, which no later step could
 * remove.
 */
public final class OptimalDiffusionSampler implements Sampler {
    @Override
    public String name() {
        return "optimal";
    }

    @Override
    public NDArray integrate(Drift drift, Schedule s, double[] grid, NDArray x, NoiseSource noise, Progress.Task task) {
        return StepLoop.run(x, grid.length - 1, task, (cur, k, scope) -> {
            double t0 = grid[k];
            double t1 = grid[k + 1];
            double dt = t1 - t0;
            double b0 = s.beta(t0);
            double b1 = s.beta(t1);
            boolean last = k == grid.length - 2;
            double var = last ? 0 : dt * (s.alpha(t0) * b0 * s.gamma(t0) + s.alpha(t1) * b1 * s.gamma(t1));
            NDArray b = drift.at(cur, t0);
            NDArray next = b.mul((float) ((b0 + b1) * dt / b1));
            if (b0 != 0) {
                next = next.add(cur.mul((float) (b0 / b1)));
            }
            if (var > 0) {
                next = next.add(noise.next(scope).mul((float) (Math.sqrt(var) / b1)));
            }
            return next;
        });
    }
}
