package io.ksi.ensemble.sampling;

import ai.djl.ndarray.NDArray;
import io.ksi.bridge.Progress;
import io.ksi.ensemble.interpolant.Schedule;
import java.util.Locale;

/** Integrates a drift from t = grid[0] to grid[K] = 1 for one batch, in per-step memory scopes. */
public interface Sampler {
    String name();

    /**
     * @param x X at grid[0], [B, ...]; not modified
     * @param noise draws for the stochastic samplers
     * @param task stepped once per time step
     * @return X at grid[K], attached to x's manager
     */
    NDArray integrate(Drift drift, Schedule s, double[] grid, NDArray x, NoiseSource noise, Progress.Task task);

    /** optimal (the default), ode / euler, heun, em (constant D = 1), em:D. */
    static Sampler byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("em")) {
            return new EulerMaruyamaSampler(
                    n.contains(":") ? Double.parseDouble(n.substring(n.indexOf(':') + 1)) : 1.0);
        }
        return switch (n) {
            case "optimal" -> new OptimalDiffusionSampler();
            case "ode", "euler" -> new OdeSampler(false);
            case "heun" -> new OdeSampler(true);
            default ->
                throw new IllegalArgumentException(
                        "unknown sampler '" + name + "': expected optimal, ode (euler), heun, em or em:D");
        };
    }
}
