package io.ksi.ensemble.sampling;

import ai.djl.ndarray.NDArray;
import io.ksi.bridge.Progress;
import io.ksi.ensemble.interpolant.Schedule;

/** The probability-flow ODE dX = b_hat dt, by Euler or Heun steps. Deterministic given X_0. */
public final class OdeSampler implements Sampler {
    private final boolean heun;

    public OdeSampler(boolean heun) {
        this.heun = heun;
    }

    @Override
    public String name() {
        return heun ? "heun" : "ode";
    }

    @Override
    public NDArray integrate(Drift drift, Schedule s, double[] grid, NDArray x, NoiseSource noise, Progress.Task task) {
        return StepLoop.run(x, grid.length - 1, task, (cur, k, scope) -> {
            double dt = grid[k + 1] - grid[k];
            NDArray b0 = drift.at(cur, grid[k]);
            NDArray euler = cur.add(b0.mul((float) dt));
            if (!heun) {
                return euler;
            }
            NDArray b1 = drift.at(euler, grid[k + 1]);
            return cur.add(b0.add(b1).mul((float) (dt / 2)));
        });
    }
}
