package io.ksi.ensemble.sampling;

import ai.djl.ndarray.NDArray;
import io.ksi.bridge.Progress;
import io.ksi.ensemble.interpolant.Schedule;

/**
 * Euler-Maruyama for dX = [b_hat + D s_hat] dt + sqrt(2D) dW with a constant D, s_hat = (beta b_hat - beta' X) / (alpha
 * gamma). s_hat is singular at t = 1, so the SDE stops at t_{K-1} and the last step is a probability-flow ODE step.
 */
public final class EulerMaruyamaSampler implements Sampler {
    private final double diffusion;

    public EulerMaruyamaSampler(double diffusion) {
        if (!(diffusion >= 0) || !Double.isFinite(diffusion)) {
            throw new IllegalArgumentException("diffusion D must be finite and >= 0, got " + diffusion);
        }
        this.diffusion = diffusion;
    }

    @Override
    public String name() {
        return "em:" + diffusion;
    }

    @Override
    public NDArray integrate(Drift drift, Schedule s, double[] grid, NDArray x, NoiseSource noise, Progress.Task task) {
        int last = grid.length - 2;
        return StepLoop.run(x, grid.length - 1, task, (cur, k, scope) -> {
            double t = grid[k];
            double dt = grid[k + 1] - t;
            NDArray b = drift.at(cur, t);
            if (k == last || diffusion == 0) {
                return cur.add(b.mul((float) dt));
            }
            double ag = s.alpha(t) * s.gamma(t);
            // b + D s_hat = (1 + D beta/(alpha gamma)) b - D beta'/(alpha gamma) X
            NDArray dx = b.mul((float) (1 + diffusion * s.beta(t) / ag))
                    .sub(cur.mul((float) (diffusion * s.betaDot(t) / ag)));
            return cur.add(dx.mul((float) dt)).add(noise.next(scope).mul((float) Math.sqrt(2 * diffusion * dt)));
        });
    }
}
